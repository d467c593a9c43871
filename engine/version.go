package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// GoVersion is the learner's Go release, as reported by `go env GOVERSION`. Lessons depend on
// it: Go 1.20 stopped shipping a precompiled standard library, and Go 1.24 started caching the
// executables that go run links.
type GoVersion struct {
	Raw          string // e.g. "go1.26.8"
	Major, Minor int    // 1, 26
}

// ParseGoVersion reads "go1.26.8", "go1.22rc1" or "devel go1.27-abcdef …". Unknown forms give
// the zero version, which every condition treats as "newest" (a development toolchain is newer
// than any release).
func ParseGoVersion(s string) GoVersion {
	v := GoVersion{Raw: strings.TrimSpace(s)}
	f := v.Raw
	if i := strings.Index(f, "go1."); i >= 0 {
		f = f[i+2:]
	}
	end := strings.IndexFunc(f, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if end >= 0 {
		f = f[:end]
	}
	parts := strings.Split(f, ".")
	if len(parts) >= 2 {
		maj, err1 := strconv.Atoi(parts[0])
		min, err2 := strconv.Atoi(parts[1])
		if err1 == nil && err2 == nil {
			v.Major, v.Minor = maj, min
		}
	}
	return v
}

// AtLeast reports whether v is release major.minor or newer.
func (v GoVersion) AtLeast(major, minor int) bool {
	if v.Major == 0 {
		return true
	}
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

func (v GoVersion) String() string {
	if v.Raw == "" {
		return "unknown"
	}
	return v.Raw
}

// versionCond is a check's `go:` field: ">=1.24", "<1.24", … Empty means always.
type versionCond struct {
	op           string
	major, minor int
}

func parseVersionCond(s string) (versionCond, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return versionCond{}, nil
	}
	var c versionCond
	for _, op := range []string{">=", "<=", ">", "<", "="} {
		if strings.HasPrefix(s, op) {
			c.op = op
			s = strings.TrimSpace(s[len(op):])
			break
		}
	}
	if c.op == "" {
		return c, fmt.Errorf("%q: expected a comparison such as \">=1.24\" or \"<1.20\"", s)
	}
	maj, min, ok := strings.Cut(strings.TrimPrefix(s, "go"), ".")
	var err1, err2 error
	c.major, err1 = strconv.Atoi(maj)
	c.minor, err2 = strconv.Atoi(min)
	if !ok || err1 != nil || err2 != nil {
		return c, fmt.Errorf("%q: expected a version such as 1.24", s)
	}
	return c, nil
}

func (c versionCond) matches(v GoVersion) bool {
	if c.op == "" {
		return true
	}
	atLeast := v.AtLeast(c.major, c.minor)
	equal := v.Major == c.major && v.Minor == c.minor
	switch c.op {
	case ">=":
		return atLeast
	case ">":
		return atLeast && !equal
	case "<":
		return !atLeast
	case "<=":
		return !atLeast || equal
	default:
		return equal
	}
}
