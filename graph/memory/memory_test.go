package memory_test

import (
	"errors"
	"testing"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

func TestStore_Conformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, ds *graph.Dataset) graph.Store {
		s, err := memory.New(ds)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestNew_ErrInvalidDataset(t *testing.T) {
	ds := storetest.Synthetic()
	ds.Memberships[0].NetworkID = "nowhere"
	_, err := memory.New(ds)
	var de *graph.DatasetError
	if err == nil {
		t.Fatal("New accepted a dataset with a dangling reference")
	}
	if !errors.As(err, &de) || len(de.Problems) != 1 || de.Problems[0].Field != "network" {
		t.Errorf("New: got %v, want one problem on field network", err)
	}
}
