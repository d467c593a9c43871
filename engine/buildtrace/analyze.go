package buildtrace

import (
	"sort"
	"time"
)

// Longest returns the compile actions (mode "build"), longest first; ties keep the order
// they started in.
func (t *Trace) Longest() []*Action {
	var list []*Action
	for _, a := range t.Actions {
		if a.Compile() {
			list = append(list, a)
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Duration() > list[j].Duration() })
	return list
}

// Sum adds up the durations of the actions of one mode ("build", "link"…): work done, which
// on several workers can exceed the wall time.
func (t *Trace) Sum(mode string) (n int, total time.Duration) {
	for _, a := range t.Actions {
		if a.Mode == mode {
			n++
			total += a.Duration()
		}
	}
	return n, total
}

// FirstAction is when the first action started: before it, the go command was loading
// packages and planning the build on its own goroutine.
func (t *Trace) FirstAction() time.Duration {
	if len(t.Actions) == 0 {
		return 0
	}
	return t.Actions[0].Start // Actions are sorted by start
}

// CriticalPath is the chain of dependent actions with the most work: each action on it
// waited for the one before (a flow arrow), and no other chain of the graph adds up to more.
// With as many workers as it likes, and each action as fast as it was, the build could not
// take less than this chain's work (PathWork). It is nil when the trace has no flow arrows
// (then nothing says what waited for what).
func (t *Trace) CriticalPath() []*Action {
	arrows := false
	for _, a := range t.Actions {
		arrows = arrows || len(a.Deps) > 0
	}
	if !arrows {
		return nil
	}
	// An action starts after its dependencies end, so start order is a topological order.
	best := make(map[*Action]time.Duration, len(t.Actions))
	prev := make(map[*Action]*Action, len(t.Actions))
	var end *Action
	for _, a := range t.Actions {
		var from *Action
		for _, d := range a.Deps {
			if _, done := best[d]; done && (from == nil || best[d] > best[from]) {
				from = d
			}
		}
		best[a] = a.Duration()
		if from != nil {
			best[a] += best[from]
			prev[a] = from
		}
		if end == nil || best[a] > best[end] || (best[a] == best[end] && a.End > end.End) {
			end = a
		}
	}
	var path []*Action
	for a := end; a != nil; a = prev[a] {
		path = append(path, a)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// PathWork adds up the durations of the actions of a path: the time the chain itself takes,
// without the gaps where an action waited for a free worker.
func PathWork(path []*Action) time.Duration {
	var d time.Duration
	for _, a := range path {
		d += a.Duration()
	}
	return d
}

// Busy says how the workers spent the trace.
type Busy struct {
	// PerLane is how long each worker (index 0 is lane 1) was running an action.
	PerLane []time.Duration
	// AtOnce[k] is how long exactly k workers were running an action at the same time,
	// over the whole trace (AtOnce[0] includes the loading before the first action).
	AtOnce []time.Duration
	// Wall is the trace's length, the span AtOnce covers.
	Wall time.Duration
}

// Share is the fraction of the workers' capacity (workers × wall time) that was used.
func (b Busy) Share() float64 {
	if b.Wall <= 0 || len(b.PerLane) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range b.PerLane {
		sum += d
	}
	return float64(sum) / (float64(b.Wall) * float64(len(b.PerLane)))
}

// Parallel is how long two or more workers were busy at once.
func (b Busy) Parallel() time.Duration {
	var d time.Duration
	for k := 2; k < len(b.AtOnce); k++ {
		d += b.AtOnce[k]
	}
	return d
}

// Busy measures the workers. Actions on one lane never overlap, so a lane's busy time is
// the sum of its actions; a sweep over all start and end times gives how many ran at once.
func (t *Trace) Busy() Busy {
	b := Busy{PerLane: make([]time.Duration, t.Workers), AtOnce: make([]time.Duration, t.Workers+1), Wall: t.Wall()}
	type edge struct {
		at    time.Duration
		delta int
	}
	edges := make([]edge, 0, 2*len(t.Actions))
	for _, a := range t.Actions {
		if a.Lane >= 1 && a.Lane <= t.Workers {
			b.PerLane[a.Lane-1] += a.Duration()
		}
		edges = append(edges, edge{a.Start, +1}, edge{a.End, -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at != edges[j].at {
			return edges[i].at < edges[j].at
		}
		return edges[i].delta < edges[j].delta // an end before a start at the same instant
	})
	running, prev := 0, time.Duration(0)
	for _, e := range edges {
		if e.at > prev {
			b.AtOnce[min(max(running, 0), t.Workers)] += e.at - prev
			prev = e.at
		}
		running += e.delta
	}
	if b.Wall > prev {
		b.AtOnce[0] += b.Wall - prev
	}
	return b
}
