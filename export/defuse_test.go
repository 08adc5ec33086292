package export

import "testing"

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@A1": "'@A1", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "Kraków": "Kraków", "a=b": "a=b", "'quoted": "'quoted", " =x": " =x",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q): got %q, want %q", in, got, want)
		}
	}
}
