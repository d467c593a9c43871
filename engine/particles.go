package engine

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Values the engine inserts into messages, chosen so that each particle pair has a case on
// both sides: file names, Go identifiers, quoted strings, run names in Korean with and
// without a final consonant, durations, exit codes.
var (
	koStrings = []string{"hello.go", "fmt.Println", "main", "\"Hello, Golang!\"", "웜 런", "콜드 런",
		"go run hello.go", "19.4초", "/tmp/ws/.firstrun", "36.2 MB", "go build"}
	koNumbers = []any{0, 1, 3, 6, 10, 130}
)

// sentinels mark where an inserted value ends in the rendered message.
const valueEnd = "\x01"

// soundParticles are particles whose form depends on the last sound of the word before
// them: after an inserted value they are wrong for some value unless firstrun picks the form.
var soundParticles = []string{"이나", "이라", "이어야", "여야", "으로", "이", "가", "을", "를", "은", "는", "과", "와", "로", "라", "야"}

var fallback = regexp.MustCompile(`이\(가\)|을\(를\)|은\(는\)|\(으\)로|와\(과\)|과\(와\)|\(이\)`)

// particleProblems renders one Korean message with each representative value in every verb
// and reports a wrong particle or a fallback such as 이(가).
func particleProblems(key, format string) []string {
	var probs []string
	if m := fallback.FindString(format); m != "" {
		probs = append(probs, fmt.Sprintf("%s: fallback %q in %q", key, m, format))
	}
	n := len(formatVerb.FindAllString(format, -1))
	if n == 0 {
		return probs
	}
	idx := argIndexes(format)
	for round := 0; round < len(koStrings)+len(koNumbers); round++ {
		args := make([]any, idx)
		for i := range args {
			args[i] = sample(format, i, round)
		}
		out := fmt.Sprintf(format, args...)
		if strings.Contains(out, "%!") {
			probs = append(probs, fmt.Sprintf("%s: renders %q", key, out))
			break
		}
		parts := strings.Split(out, valueEnd)
		for _, after := range parts[1:] {
			for _, p := range soundParticles {
				if strings.HasPrefix(after, p) && !endsWord(after[len(p):]) {
					continue
				}
				if strings.HasPrefix(after, p) {
					// One report per message is enough to fix it.
					return append(probs, fmt.Sprintf("%s: particle %q right after an inserted value: %q", key, p, out))
				}
			}
		}
	}
	return probs
}

// endsWord: a particle is followed by a space, punctuation or the end, not by more syllables
// of a word (the 이 of 이미, the 가 of 가득).
func endsWord(rest string) bool {
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !(r >= 0xAC00 && r <= 0xD7A3)
}

// argIndexes is how many arguments the format takes, counting explicit %[n] indexes.
func argIndexes(format string) int {
	max, seq := 0, 0
	for _, v := range formatVerb.FindAllStringSubmatch(format, -1) {
		if v[0] == "%%" {
			continue
		}
		if v[1] != "" {
			var n int
			fmt.Sscanf(v[1], "[%d]", &n)
			seq = n
		} else {
			seq++
		}
		if seq > max {
			max = seq
		}
	}
	return max
}

// sample is the value for argument i: what the verb needs, followed by the end marker.
func sample(format string, i, round int) any {
	kind := verbKind(format, i)
	switch kind {
	case 'd', 'c':
		if kind == 'c' {
			return 'd'
		}
		return marked{koNumbers[(round+i)%len(koNumbers)]}
	case 'f':
		return markedF(3.0 + float64(round))
	}
	return marked{koStrings[(round+i)%len(koStrings)]}
}

// verbKind finds the verb letter used for argument i (0-based).
func verbKind(format string, i int) byte {
	seq := 0
	for _, v := range formatVerb.FindAllStringSubmatch(format, -1) {
		if v[0] == "%%" {
			continue
		}
		if v[1] != "" {
			fmt.Sscanf(v[1], "[%d]", &seq)
		} else {
			seq++
		}
		if seq == i+1 {
			return v[0][len(v[0])-1]
		}
	}
	return 's'
}

type marked struct{ v any }

func (m marked) Format(f fmt.State, c rune) {
	switch c {
	case 'q':
		fmt.Fprintf(f, "%q", m.v)
	case 'd':
		fmt.Fprintf(f, "%d", m.v)
	default:
		fmt.Fprint(f, m.v)
	}
	fmt.Fprint(f, valueEnd)
}

type markedF float64

func (m markedF) Format(f fmt.State, c rune) {
	p, ok := f.Precision()
	if !ok {
		p = 1
	}
	fmt.Fprintf(f, "%.*f%s", p, float64(m), valueEnd)
}

// KoreanParticleProblems renders every Korean message (every catalog registered so far, from
// any package) with representative values and lists each one where a particle after an
// inserted value would be wrong for some value ("fmt.Println를", "종료 코드 %d로") or where
// an 이(가)-style fallback shows. Korean particles depend on the last sound of the word
// before them, so messages put them on a fixed Korean noun instead.
func KoreanParticleProblems() []string {
	keys := make([]string, 0, len(catalogs["ko"]))
	for k := range catalogs["ko"] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var probs []string
	for _, k := range keys {
		probs = append(probs, particleProblems(k, catalogs["ko"][k])...)
	}
	return probs
}
