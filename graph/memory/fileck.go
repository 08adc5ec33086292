package memory

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt maps its file into memory and follows the page numbers it finds
// there without bounds checks: a truncated file makes it fault (SIGBUS,
// which recover cannot catch when it happens in bbolt's own goroutines,
// as in tx.Check) and a damaged page makes it read or free the wrong
// memory. So before bbolt reads a page, the file is checked with plain
// reads: its meta pages, its size against the meta's high-water mark,
// and every page the tree and the freelist name. The layout below is
// bbolt's file format (version 2), which bbolt keeps stable across
// releases because files outlive them.
const (
	boltMagic         = 0xED0CDAED
	boltVersion       = 2
	pageHeaderSize    = 16 // id u64, flags u16, count u16, overflow u32
	elementSize       = 16 // branch: pos, ksize u32, pgid u64; leaf: flags, pos, ksize, vsize u32
	bucketHeaderSize  = 16 // root pgid u64, sequence u64
	metaSize          = 64 // up to and including the checksum
	branchPageFlag    = 0x01
	leafPageFlag      = 0x02
	metaPageFlag      = 0x04
	freelistPageFlag  = 0x10
	bucketLeafFlag    = 0x01
	noFreelist        = ^uint64(0)
	maxTreeDepth      = 64
	maxPageSize       = 1 << 24 // bbolt looks for the second meta page up to 16 MiB
	minPageSize       = 1 << 10
	freelistCountMark = 0xFFFF // count too large for u16: the real one is the first u64
)

// fileMeta is one valid meta page.
type fileMeta struct {
	page     int // 0 or 1
	pageSize int
	root     uint64
	freelist uint64
	pgid     uint64 // high-water mark: pages 0..pgid-1 are in use
	txid     uint64
}

// fileLayout is what the meta pages say about a file, read without
// mapping it.
type fileLayout struct {
	size int64
	meta fileMeta // the one bbolt uses: the one with the higher txid
}

// damage is what is wrong with a file whose bytes are wrong (as opposed
// to one that cannot be read at all).
type damage struct{ msg string }

func (d *damage) Error() string { return d.msg }

func damaged(format string, args ...any) error {
	return &damage{fmt.Sprintf(format, args...)}
}

// readLayout reads and checks the meta pages of a store file and its size
// against them: a file shorter than its high-water mark is truncated.
func readLayout(f *os.File) (*fileLayout, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	l := &fileLayout{size: st.Size()}
	if l.size == 0 {
		return nil, errEmpty
	}
	var m0, m1 *fileMeta
	var err0, err1 error
	m0, err0 = readMeta(f, 0, 0)
	if err0 == nil {
		m1, err1 = readMeta(f, 1, m0.pageSize)
	} else {
		// Meta page 0 is unreadable: find page 1 as bbolt does, at every
		// possible page size.
		err1 = err0
		for ps := minPageSize; ps <= maxPageSize && int64(ps) < l.size; ps <<= 1 {
			if m, err := readMeta(f, 1, ps); err == nil {
				m1, err1 = m, nil
				break
			}
		}
	}
	switch {
	case m0 == nil && m1 == nil:
		if l.size < 2*minPageSize {
			return nil, damaged("it is %d bytes, too short for a store file (truncated, or not a store file)", l.size)
		}
		return nil, damaged("neither of its two meta pages is valid (%v): it is not a store file, or its start was overwritten", err0)
	case m0 == nil || m1 == nil:
		// bbolt would open the other one: the transaction before, and
		// silently without the write or compaction after it. bbolt
		// writes a meta page in one page write after syncing the data,
		// so a valid file never has a bad one: this is damage.
		n, err, other := 0, err0, m1
		if m1 == nil {
			n, err, other = 1, err1, m0
		}
		return nil, damaged("meta page %d is invalid (%v): bbolt would open transaction %d from meta page %d instead, without what was written after it",
			n, err, other.txid, other.page)
	case m1.txid > m0.txid:
		l.meta = *m1
	default:
		l.meta = *m0
	}
	if m0 != nil && m1 != nil && m0.pageSize != m1.pageSize {
		return nil, damaged("its meta pages disagree on the page size (%d and %d)", m0.pageSize, m1.pageSize)
	}
	m := l.meta
	if m.pgid < 4 || m.pgid > uint64(1<<62)/uint64(m.pageSize) {
		return nil, damaged("meta page %d gives an impossible high-water mark of %d pages", m.page, m.pgid)
	}
	if need := int64(m.pgid) * int64(m.pageSize); l.size < need {
		return nil, damaged("it is truncated: %d bytes, but its last transaction (%d) uses %d pages of %d bytes (%d bytes)",
			l.size, m.txid, m.pgid, m.pageSize, need)
	}
	// The headers of the meta pages are outside their checksum, and
	// bbolt asserts them (a panic in tx.Check's goroutine).
	for n := range 2 {
		h := make([]byte, pageHeaderSize)
		if _, err := f.ReadAt(h, int64(n*m.pageSize)); err != nil {
			return nil, damaged("meta page %d cannot be read: %v", n, err)
		}
		if id, flags := binary.NativeEndian.Uint64(h), binary.NativeEndian.Uint16(h[8:]); id != uint64(n) || flags != metaPageFlag {
			return nil, damaged("the header of meta page %d is wrong (page %d, type %#x)", n, id, flags)
		}
	}
	return l, nil
}

// readMeta reads meta page n of a file whose page size is ps (0: read
// page 0 and take the page size it gives).
func readMeta(f *os.File, n, ps int) (*fileMeta, error) {
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := f.ReadAt(buf, int64(n*ps)); errors.Is(err, io.EOF) {
		return nil, errors.New("cut short")
	} else if err != nil {
		return nil, err
	}
	b := buf[pageHeaderSize:]
	ne := binary.NativeEndian
	h := fnv.New64a()
	h.Write(b[:56])
	switch {
	case ne.Uint32(b[0:]) != boltMagic:
		return nil, errors.New("no bbolt magic number")
	case ne.Uint32(b[4:]) != boltVersion:
		return nil, fmt.Errorf("bbolt file format version %d, not %d", ne.Uint32(b[4:]), boltVersion)
	case ne.Uint64(b[56:]) != h.Sum64():
		return nil, errors.New("checksum mismatch")
	}
	m := &fileMeta{page: n, pageSize: int(ne.Uint32(b[8:])), root: ne.Uint64(b[16:]),
		freelist: ne.Uint64(b[32:]), pgid: ne.Uint64(b[40:]), txid: ne.Uint64(b[48:])}
	if m.pageSize < minPageSize || m.pageSize > maxPageSize || m.pageSize&(m.pageSize-1) != 0 {
		return nil, fmt.Errorf("impossible page size %d", m.pageSize)
	}
	if ps != 0 && m.pageSize != ps {
		return nil, fmt.Errorf("page size %d where page 1 starts at %d", m.pageSize, ps)
	}
	return m, nil
}

// checkPages follows, with plain reads, every page that the meta's root
// bucket and freelist name, and checks that each is inside the file's
// high-water mark, of the right type, referenced once, and that every
// element of every branch and leaf page lies inside its page. After it,
// bbolt's own walks (tx.Check, cursors) cannot reach outside the file.
func checkPages(f *os.File, m fileMeta) error {
	w := &pageWalker{f: f, m: m, seen: map[uint64]bool{}}
	if err := w.page(m.root, 0, "the root bucket"); err != nil {
		return err
	}
	if m.freelist != noFreelist {
		return w.freelistPage()
	}
	return nil
}

type pageWalker struct {
	f    *os.File
	m    fileMeta
	seen map[uint64]bool
}

func (w *pageWalker) read(off int64, n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := w.f.ReadAt(b, off); errors.Is(err, io.EOF) {
		return nil, damaged("page data at byte %d is past the end of the file", off)
	} else if err != nil {
		return nil, err
	}
	return b, nil
}

// span reads the header of page id and returns it with the page's length
// in bytes (overflow pages included), after checking its bounds.
func (w *pageWalker) span(id uint64, what string) (flags uint16, count int, length int64, err error) {
	if id < 2 || id >= w.m.pgid {
		return 0, 0, 0, damaged("%s is said to be at page %d, outside pages 2 to %d", what, id, w.m.pgid-1)
	}
	h, err := w.read(int64(id)*int64(w.m.pageSize), pageHeaderSize)
	if err != nil {
		return 0, 0, 0, err
	}
	ne := binary.NativeEndian
	if got := ne.Uint64(h[0:]); got != id {
		return 0, 0, 0, damaged("page %d (%s) says it is page %d", id, what, got)
	}
	overflow := uint64(ne.Uint32(h[12:]))
	if id+overflow >= w.m.pgid {
		return 0, 0, 0, damaged("page %d (%s) runs %d pages past the high-water mark", id, what, id+overflow+1-w.m.pgid)
	}
	for i := id; i <= id+overflow; i++ {
		if w.seen[i] {
			return 0, 0, 0, damaged("page %d (%s) is used twice", i, what)
		}
		w.seen[i] = true
	}
	return ne.Uint16(h[8:]), int(ne.Uint16(h[10:])), int64(1+overflow) * int64(w.m.pageSize), nil
}

func (w *pageWalker) page(id uint64, depth int, what string) error {
	if depth > maxTreeDepth {
		return damaged("the tree under %s is deeper than %d levels (a loop)", what, maxTreeDepth)
	}
	flags, count, length, err := w.span(id, what)
	if err != nil {
		return err
	}
	if flags != branchPageFlag && flags != leafPageFlag {
		return damaged("page %d (%s) has type %#x, not a branch or leaf page", id, what, flags)
	}
	if int64(pageHeaderSize+count*elementSize) > length {
		return damaged("page %d (%s) claims %d elements, more than fit in it", id, what, count)
	}
	start := int64(id) * int64(w.m.pageSize)
	elems, err := w.read(start+pageHeaderSize, count*elementSize)
	if err != nil {
		return err
	}
	return w.elements(elems, count, flags == branchPageFlag, length, depth, what, func(off int64, n int) ([]byte, error) {
		return w.read(start+off, n)
	})
}

// elements checks the elements of one branch or leaf page (on disk, or
// inline in its bucket's value): each key and value lies in the page, and
// the pages and buckets they name are checked in turn.
func (w *pageWalker) elements(elems []byte, count int, branch bool, length int64, depth int, what string, read func(off int64, n int) ([]byte, error)) error {
	ne := binary.NativeEndian
	for i := range count {
		e := elems[i*elementSize:]
		base := int64(pageHeaderSize + i*elementSize)
		if branch {
			pos, ksize, child := int64(ne.Uint32(e[0:])), int64(ne.Uint32(e[4:])), ne.Uint64(e[8:])
			if base+pos+ksize > length {
				return damaged("element %d of a branch page of %s lies outside the page", i, what)
			}
			if err := w.page(child, depth+1, what); err != nil {
				return err
			}
			continue
		}
		flags, pos, ksize, vsize := ne.Uint32(e[0:]), int64(ne.Uint32(e[4:])), int64(ne.Uint32(e[8:])), int64(ne.Uint32(e[12:]))
		if base+pos+ksize+vsize > length {
			return damaged("element %d of a leaf page of %s lies outside the page", i, what)
		}
		if flags&bucketLeafFlag == 0 {
			continue
		}
		if vsize < bucketHeaderSize {
			return damaged("element %d of %s is a bucket too short to be one", i, what)
		}
		key, err := read(base+pos, int(ksize))
		if err != nil {
			return err
		}
		v, err := read(base+pos+ksize, int(vsize))
		if err != nil {
			return err
		}
		sub := fmt.Sprintf("bucket %q", key[:min(len(key), 32)])
		if root := ne.Uint64(v[0:]); root != 0 {
			if err := w.page(root, depth+1, sub); err != nil {
				return err
			}
			continue
		}
		// An inline bucket: its one leaf page follows the bucket header.
		inline := v[bucketHeaderSize:]
		if len(inline) < pageHeaderSize {
			return damaged("the inline %s is too short", sub)
		}
		n := int(ne.Uint16(inline[10:]))
		if ne.Uint16(inline[8:]) != leafPageFlag || pageHeaderSize+n*elementSize > len(inline) {
			return damaged("the inline %s is not a valid leaf page", sub)
		}
		for j := range n {
			if ne.Uint32(inline[pageHeaderSize+j*elementSize:])&bucketLeafFlag != 0 {
				return damaged("the inline %s holds a bucket, which bbolt never writes", sub)
			}
		}
		err = w.elements(inline[pageHeaderSize:], n, false, int64(len(inline)), depth+1, sub, func(off int64, k int) ([]byte, error) {
			return inline[off : off+int64(k)], nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// freelistPage checks that the freelist names only pages inside the file
// and none of the meta pages or the pages in use.
func (w *pageWalker) freelistPage() error {
	id := w.m.freelist
	flags, count, length, err := w.span(id, "the freelist")
	if err != nil {
		return err
	}
	if flags != freelistPageFlag {
		return damaged("the freelist's page %d has type %#x", id, flags)
	}
	start := int64(id)*int64(w.m.pageSize) + pageHeaderSize
	n, skip := int64(count), int64(0)
	if count == freelistCountMark {
		b, err := w.read(start, 8)
		if err != nil {
			return err
		}
		n, skip = int64(binary.NativeEndian.Uint64(b)), 8
	}
	if n < 0 || n > (length-pageHeaderSize-skip)/8 {
		return damaged("the freelist claims %d pages, more than its page holds", n)
	}
	ids, err := w.read(start+skip, int(n*8))
	if err != nil {
		return err
	}
	for i := range n {
		p := binary.NativeEndian.Uint64(ids[i*8:])
		switch {
		case p < 2 || p >= w.m.pgid:
			return damaged("the freelist names page %d, outside pages 2 to %d", p, w.m.pgid-1)
		case w.seen[p]:
			return damaged("the freelist names page %d, which is in use", p)
		}
	}
	return nil
}
