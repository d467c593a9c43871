package buildtrace

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// fastParse reads the events of a trace in the array format without reflection: flat
// objects whose values are strings and numbers, as the go command writes them. It is about
// ten times faster than encoding/json, which matters for the trace of a large build (tens of
// megabytes). It reports false for anything it does not expect (nested values, the object
// format, a syntax error) and leaves such files to decodeEvents, which also says where a
// problem is. A file that ends early is read up to the last whole event, as decodeEvents
// does.
func fastParse(data []byte, b *builder) bool {
	p := fastParser{data: data}
	p.space()
	if !p.consume('[') {
		return false
	}
	var ev event
	for n := 0; ; n++ {
		p.space()
		if p.eof() {
			b.truncated = true
			return true
		}
		if p.consume(']') {
			p.space()
			return p.eof()
		}
		if n > 0 && !p.consume(',') {
			return false
		}
		p.space()
		if p.eof() {
			b.truncated = true
			return true
		}
		ev = event{}
		switch p.object(&ev) {
		case objOK:
			if ev.Phase == "" {
				return false // decodeEvents names the element
			}
			b.add(&ev)
		case objEOF:
			b.truncated = true
			return true
		default:
			return false
		}
	}
}

type fastParser struct {
	data []byte
	i    int
}

type objResult int

const (
	objOK objResult = iota
	objEOF
	objOther
)

func (p *fastParser) eof() bool { return p.i >= len(p.data) }

func (p *fastParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) consume(c byte) bool {
	if p.i < len(p.data) && p.data[p.i] == c {
		p.i++
		return true
	}
	return false
}

// object reads one flat event object into ev.
func (p *fastParser) object(ev *event) objResult {
	if !p.consume('{') {
		return objOther
	}
	for first := true; ; first = false {
		p.space()
		if p.eof() {
			return objEOF
		}
		if p.consume('}') {
			return objOK
		}
		if !first && !p.consume(',') {
			return objOther
		}
		p.space()
		key, r := p.str()
		if r != objOK {
			return r
		}
		p.space()
		if p.eof() {
			return objEOF
		}
		if !p.consume(':') {
			return objOther
		}
		p.space()
		if p.eof() {
			return objEOF
		}
		if p.data[p.i] == '"' {
			val, r := p.str()
			if r != objOK {
				return r
			}
			switch key {
			case "name":
				ev.Name = val
			case "ph":
				ev.Phase = val
			case "ts", "tid", "id":
				return objOther // a number as a string: let encoding/json judge it
			}
			continue
		}
		num, r := p.number()
		if r != objOK {
			return r
		}
		switch key {
		case "ts":
			ns, ok := micros(num)
			if !ok {
				return objOther
			}
			ev.Time = ns
		case "tid", "id":
			u, err := strconv.ParseUint(num, 10, 64)
			if err != nil {
				return objOther
			}
			if key == "tid" {
				ev.TID = u
			} else {
				ev.ID = u
			}
		case "name", "ph":
			return objOther
		}
	}
}

// number reads a JSON number's text; anything else (true, null, an object…) is objOther.
func (p *fastParser) number() (string, objResult) {
	start := p.i
	for p.i < len(p.data) {
		c := p.data[p.i]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			p.i++
			continue
		}
		break
	}
	if p.eof() {
		return "", objEOF
	}
	if p.i == start {
		return "", objOther
	}
	return string(p.data[start:p.i]), objOK
}

// str reads a JSON string, unescaping it (the go command escapes > in flow names as \u003e).
func (p *fastParser) str() (string, objResult) {
	if !p.consume('"') {
		if p.eof() {
			return "", objEOF
		}
		return "", objOther
	}
	start := p.i
	for p.i < len(p.data) {
		switch c := p.data[p.i]; {
		case c == '"':
			s := string(p.data[start:p.i])
			p.i++
			return s, objOK
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			return "", objOther
		}
		p.i++
	}
	return "", objEOF
}

// escaped finishes a string that has escapes, from its first byte at start.
func (p *fastParser) escaped(start int) (string, objResult) {
	out := make([]byte, 0, p.i-start+16)
	out = append(out, p.data[start:p.i]...)
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			if !utf8.Valid(out) {
				return "", objOther
			}
			return string(out), objOK
		case c < 0x20:
			return "", objOther
		case c != '\\':
			out = append(out, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.data) {
			return "", objEOF
		}
		e := p.data[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok, more := p.hex4()
			if more {
				return "", objEOF
			}
			if !ok {
				return "", objOther
			}
			if utf16.IsSurrogate(r) {
				if p.i+6 > len(p.data) {
					return "", objEOF
				}
				r2 := rune(-1)
				if p.data[p.i] == '\\' && p.data[p.i+1] == 'u' {
					p.i += 2
					var ok2 bool
					r2, ok2, _ = p.hex4()
					if !ok2 {
						return "", objOther
					}
				}
				r = utf16.DecodeRune(r, r2)
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", objOther
		}
	}
	return "", objEOF
}

// hex4 reads the four hex digits of a \u escape.
func (p *fastParser) hex4() (r rune, ok, eof bool) {
	if p.i+4 > len(p.data) {
		return 0, false, true
	}
	v, err := strconv.ParseUint(string(p.data[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false, false
	}
	p.i += 4
	return rune(v), true, false
}
