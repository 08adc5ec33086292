package export

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strconv"

	"citynet/graph"
)

// GeoJSONUnlocated is the FeatureCollection's foreign member (RFC 7946
// §6.1) that counts the cities left out because they have no coordinates:
// a map of the features alone would not say that any are missing.
const GeoJSONUnlocated = "unlocatedCities"

// geoFeature is one city as a GeoJSON Feature. Its properties always have
// every key: population and geonamesId are null when unknown, networks an
// empty list when the city is in none.
type geoFeature struct {
	Type     string      `json:"type"`
	ID       string      `json:"id"`
	Geometry geoPoint    `json:"geometry"`
	Props    geoProperty `json:"properties"`
}

type geoPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // [lon, lat]: RFC 7946 §3.1.1
}

type geoProperty struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Country    string   `json:"country"`
	Population *int64   `json:"population"`
	GeonamesID *int64   `json:"geonamesId"`
	Networks   []string `json:"networks"`
}

// GeoJSON writes the cities as one RFC 7946 FeatureCollection: a Point
// Feature per city with coordinates ([lon, lat], WGS84), whose properties
// are id, name, country, population, geonamesId and networks (the ids of
// the networks it is a member of, each once, in the order Walk gives its
// memberships). Cities without coordinates are not features; the member
// "unlocatedCities" counts them.
//
// Unlike the other exports it cannot write a city as soon as Walk yields
// it: Walk gives every node before any relationship, and a feature needs
// the city's networks. It keeps the located cities' properties and their
// network ids (no other node, no other relationship) until the walk ends,
// so its memory grows with the located cities and their memberships.
func GeoJSON(ctx context.Context, w io.Writer, s graph.Store) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var features []*geoFeature
	byID := map[string]*geoFeature{}
	unlocated := 0
	err := s.Walk(ctx, func(n graph.Node) error {
		c, ok := n.(*graph.City)
		if !ok {
			return ctx.Err()
		}
		p := c.Location()
		if p == nil {
			unlocated++
			return ctx.Err()
		}
		f := &geoFeature{Type: "Feature", ID: c.ID, Geometry: geoPoint{Type: "Point", Coordinates: [2]float64{p.Lon, p.Lat}},
			Props: geoProperty{ID: c.ID, Name: c.Name, Country: c.CountryID, Networks: []string{}}}
		if c.Population > 0 {
			f.Props.Population = &c.Population
		}
		if c.GeonamesID > 0 {
			f.Props.GeonamesID = &c.GeonamesID
		}
		features = append(features, f)
		byID[c.ID] = f
		return ctx.Err()
	}, func(e graph.Edge) error {
		if e.Type != graph.RelMemberOf {
			return ctx.Err()
		}
		if f := byID[e.From]; f != nil {
			if !containsLast(f.Props.Networks, e.To) {
				f.Props.Networks = append(f.Props.Networks, e.To)
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return err
	}

	bw := bufio.NewWriterSize(w, bufSize)
	bw.WriteString(`{"type":"FeatureCollection","` + GeoJSONUnlocated + `":` + strconv.Itoa(unlocated) + `,"features":[`)
	for i, f := range features {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n")
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		bw.Write(b)
		if i%flushEvery == flushEvery-1 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	bw.WriteString("\n]}\n")
	return bw.Flush() // bufio keeps the first write error and returns it here
}

// containsLast reports whether id is among ids; memberships of one city
// come together in Walk order, so the last one is checked first.
func containsLast(ids []string, id string) bool {
	for i := len(ids) - 1; i >= 0; i-- {
		if ids[i] == id {
			return true
		}
	}
	return false
}
