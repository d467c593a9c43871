package engine

import (
	"strings"
)

// Messages (check results, hints, menus' notes) are not Markdown pages, but they quote
// commands in backticks like the pages do. On a colour terminal a code span is shown as the
// pages show it, coloured and without the backticks; in plain text the backticks stay, as
// quotes. Either way a message is wrapped like a page: at plain spaces, never inside code.

// codeColour is the SGR of inline code in the style: the same colours glamour gives it.
func (r *Renderer) codeColour() string {
	switch r.style {
	case "notty", "ascii", "":
		return ""
	case "light":
		return "\x1b[38;5;203;48;5;254m"
	}
	return "\x1b[38;5;203;48;5;236m"
}

// Message lays out a message for the screen, width cells wide (0: as it is).
func (r *Renderer) Message(s string, width int) string {
	colour := ""
	if r != nil {
		colour = r.codeColour()
	}
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		line = protectCode(line)
		if colour != "" {
			line = colourCode(line, colour)
		}
		if width > 0 && cellWidth(stripANSI(line)) > width {
			var out []string
			for _, part := range splitAtDots(line, width) {
				out = append(out, wrapLine(part, width)...)
			}
			line = strings.Join(out, "\n")
		}
		lines[i] = line
	}
	return strings.ReplaceAll(strings.Join(lines, "\n"), string(nbsp), " ")
}

// splitAtDots breaks a line of parts joined by " · " (lesson · title · step) between parts,
// as many to a line as fit, so that a step's title is not cut in two when a break between
// parts would do. A part wider than the line is left to wrapLine.
func splitAtDots(line string, width int) []string {
	const sep = " · "
	parts := strings.Split(line, sep)
	if len(parts) == 1 {
		return []string{line}
	}
	var out []string
	cur := parts[0]
	for _, p := range parts[1:] {
		if cellWidth(stripANSI(cur+sep+p)) <= width {
			cur += sep + p
			continue
		}
		out = append(out, cur+" ·")
		cur = p
	}
	return append(out, cur)
}

// colourCode replaces each `code` span (already protected) with its coloured text.
func colourCode(line, colour string) string {
	var b strings.Builder
	for {
		start := strings.IndexByte(line, '`')
		if start < 0 {
			break
		}
		end := closingTicks(line, start+1, 1)
		if end < 0 {
			break
		}
		b.WriteString(line[:start])
		b.WriteString(colour + line[start+1:end] + "\x1b[0m")
		line = line[end+1:]
	}
	b.WriteString(line)
	return b.String()
}

// renderer is the UI's page renderer, when it has one. A background check (watch mode)
// wraps the UI in quietUI; its messages are still laid out as the terminal's.
func (a *App) renderer() *Renderer {
	ui := a.UI
	if q, ok := ui.(quietUI); ok {
		ui = q.UI
	}
	switch ui := ui.(type) {
	case *Terminal:
		return ui.Renderer
	case *Plain:
		return ui.Renderer
	}
	return nil
}

// lineWidth is how wide a message line may be now: the width of the terminal at this moment
// when it is known, else App.Width; 0 when the output is not a terminal.
func (a *App) lineWidth() int {
	if a.Width <= 0 {
		return 0
	}
	if r := a.renderer(); r != nil && r.Columns != nil {
		return r.Width()
	}
	return a.Width
}

// Styled lays out a message as say does (code spans shown as the pages show them, wrapped to
// the line), for text main prints itself: an error on the terminal.
func (a *App) Styled(s string) string {
	if a.Width <= 0 {
		return s
	}
	return a.renderer().Message(s, a.lineWidth())
}
