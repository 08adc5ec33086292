package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"citynet/documents"
)

// documentFlags registers the flags (and so the environment variables) of
// the optional model-backed document reader: off unless -llm-url is set.
// The key is read from a file, so it never shows in a process list or
// the environment of a shell's history.
func documentFlags(fs *flag.FlagSet, c *documents.LLM) {
	fs.StringVar(&c.URL, "llm-url", "", "base URL of an OpenAI-compatible API (…/v1) whose chat completions read documents beside the rules; unset: the rules alone (env LLM_URL)")
	fs.StringVar(&c.Model, "llm-model", "", "the model -llm-url serves to read documents (env LLM_MODEL)")
	fs.Func("llm-key-file", "file holding the API key sent to -llm-url as Authorization: Bearer <key>; unset: none (env LLM_KEY_FILE)",
		func(path string) error {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if c.Key = strings.TrimSpace(string(b)); c.Key == "" {
				return fmt.Errorf("%s is empty", path)
			}
			return nil
		})
	// The default is the zero value, which documents.LLM reads as
	// DefaultLLMTimeout, so that the zero Config means the defaults.
	fs.DurationVar(&c.Timeout, "llm-timeout", 0,
		fmt.Sprintf("longest (`duration`) the model may take over one document, every request of it; at most %v (env LLM_TIMEOUT) (default %v)", documents.MaxLLMTimeout, documents.DefaultLLMTimeout))
}

// checkDocuments checks the model-backed reader's settings: all or none.
func checkDocuments(c documents.LLM) []error {
	var errs []error
	if c.URL == "" {
		if c.Model != "" || c.Key != "" {
			errs = append(errs, errors.New("LLM_MODEL / LLM_KEY_FILE are for the model at LLM_URL: set LLM_URL too"))
		}
		return errs
	}
	if u, err := url.Parse(c.URL); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		errs = append(errs, fmt.Errorf("LLM_URL / -llm-url must be an http or https URL, got %q", c.URL))
	} else if u.User != nil {
		errs = append(errs, errors.New("LLM_URL / -llm-url must not hold credentials: put the key in LLM_KEY_FILE"))
	}
	if c.Model == "" {
		errs = append(errs, errors.New("LLM_URL needs LLM_MODEL / -llm-model: the model to ask"))
	}
	if c.Timeout < 0 || c.Timeout > documents.MaxLLMTimeout {
		errs = append(errs, fmt.Errorf("LLM_TIMEOUT / -llm-timeout must be at most %v and not negative, got %v", documents.MaxLLMTimeout, c.Timeout))
	}
	return errs
}

// modelReader is the reader to give the server: nil when none is set.
func modelReader(c documents.LLM) *documents.LLM {
	if c.URL == "" {
		return nil
	}
	return &c
}
