package sandbox

// Gone reports that the workspace existed while this process had it open and is missing now:
// the learner (or a cleanup) deleted it behind the workbook's back. Recreating it silently
// would start the course over without telling them, so callers say so instead.
func (w *Workspace) Gone() bool { return w.seen.Load() && !w.exists() }
