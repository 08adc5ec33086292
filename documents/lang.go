package documents

import (
	"strings"

	"citynet/graph"
)

// Languages the rule-based extractor reads.
var Languages = []string{"en", "pl", "de"}

// stopwords are frequent function words; counting them tells Polish,
// English and German apart on a page of text and finds none of them in
// other languages.
var stopwords = map[string]map[string]bool{
	"pl": set("i w z na jest się do oraz że nie to od przez dla po jak ze są także lub miasta miasto roku r"),
	"en": set("the of and is in to a was for with by are as from that on has its city which"),
	"de": set("der die das und ist den von zu mit sich des auf für im dem nicht ein eine als auch es werden aus hat dass sie nach wird bei einer um sind noch wie einem über einen zum war haben oder vor zur bis durch stadt seit"),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// DetectLanguage returns "pl", "en", "de", or "" when the text is in none
// of them (or too short to tell).
func DetectLanguage(text string) string {
	counts := map[string]int{}
	words := strings.Fields(graph.Fold(text))
	for _, w := range words {
		for lang, sw := range stopwords {
			if sw[w] {
				counts[lang]++
			}
		}
	}
	best, second := "", 0
	for _, lang := range Languages {
		if best == "" || counts[lang] > counts[best] {
			if best != "" {
				second = counts[best]
			}
			best = lang
		} else if counts[lang] > second {
			second = counts[lang]
		}
	}
	// Function words are a tenth or more of running text in each of
	// these languages; far fewer means another language (or a word list).
	if counts[best] < 3 || counts[best]*100 < len(words)*8 || counts[best] < 2*second {
		return ""
	}
	return best
}

// CheckLanguage resolves the language a document is read in: the one
// given (which must be one the extractor reads) or the detected one.
func CheckLanguage(given, text string) (string, error) {
	if given != "" {
		l := strings.ToLower(strings.SplitN(given, "-", 2)[0])
		for _, ok := range Languages {
			if l == ok {
				return l, nil
			}
		}
		return "", graph.Invalid("language", "no extractor reads %q; the languages read are %s", given, strings.Join(Languages, ", "))
	}
	if l := DetectLanguage(text); l != "" {
		return l, nil
	}
	return "", graph.Invalid("language", "the text is in none of the languages read (%s): give the language, or send a page in one of them", strings.Join(Languages, ", "))
}
