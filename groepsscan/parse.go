package groepsscan

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// Format is an exchange format of registrations.
type Format string

const (
	// CSV has one row per involved person; the rows of one registration
	// follow each other and repeat its fields.
	CSV Format = "csv"
	// JSONL has one registration per line as a JSON object.
	JSONL Format = "jsonl"
)

// ParseFormat accepts "csv", "jsonl" (or "ndjson").
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return CSV, nil
	case "jsonl", "ndjson", "json-lines":
		return JSONL, nil
	}
	return "", fmt.Errorf("onbekend formaat %q: gebruik csv of jsonl", s)
}

// FormatOfName guesses the format from a file name's extension, or "".
func FormatOfName(name string) Format {
	name = strings.ToLower(name)
	switch {
	case strings.HasSuffix(name, ".csv"):
		return CSV
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"):
		return JSONL
	}
	return ""
}

// RowError is one rejected registration: the line it starts on (counted
// from 1, the CSV header being line 1), its id when it could be read, and
// every reason.
type RowError struct {
	Line           int      `json:"regel"`
	RegistrationID string   `json:"registratieId,omitempty"`
	Reasons        []string `json:"redenen"`
}

func (e *RowError) Error() string {
	s := "regel " + strconv.Itoa(e.Line)
	if e.RegistrationID != "" {
		s += " (registratie " + e.RegistrationID + ")"
	}
	return s + ": " + strings.Join(e.Reasons, "; ")
}

// MaxLineBytes bounds one line (JSONL) or one CSV row; a longer line is
// rejected without being held in memory whole.
const MaxLineBytes = 1 << 20

// Decoder reads registrations one at a time from a stream, validating each.
// Next returns a *RowError for a rejected registration and carries on with
// the next; any other error ends the stream. A registration id that occurs
// twice in one stream is rejected the second time.
type Decoder struct {
	next func() (Registration, int, error)
	seen map[string]struct{}
	line int
}

// NewDecoder returns a decoder for r in format f. For CSV it reads the
// header at once and fails when it is not the documented one.
func NewDecoder(r io.Reader, f Format) (*Decoder, error) {
	d := &Decoder{seen: make(map[string]struct{})}
	br := bufio.NewReaderSize(r, 64<<10)
	// A byte-order mark, as spreadsheet programs write, is not part of the data.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	switch f {
	case CSV:
		c, err := newCSVReader(br)
		if err != nil {
			return nil, err
		}
		d.next = c.next
	case JSONL:
		j := &jsonlReader{r: br}
		d.next = j.next
	default:
		return nil, fmt.Errorf("onbekend formaat %q", f)
	}
	return d, nil
}

// Next returns the next valid registration, a *RowError for an invalid one,
// io.EOF at the end, or another error when the stream cannot be read.
func (d *Decoder) Next() (Registration, error) {
	reg, line, err := d.next()
	d.line = line
	if err != nil {
		return Registration{}, err
	}
	if reasons := reg.Validate(); len(reasons) > 0 {
		return Registration{}, &RowError{Line: line, RegistrationID: printableID(reg.ID), Reasons: reasons}
	}
	if _, dup := d.seen[reg.ID]; dup {
		return Registration{}, &RowError{Line: line, RegistrationID: reg.ID,
			Reasons: []string{"registratieId komt eerder in het bestand voor"}}
	}
	// A copy, so that the set does not keep alive the whole line the
	// reader sliced the id from.
	d.seen[strings.Clone(reg.ID)] = struct{}{}
	return reg, nil
}

// Line is the line on which the last registration returned started.
func (d *Decoder) Line() int { return d.line }

// printableID returns id when it is a valid identifier, so that an error
// report never echoes arbitrary input.
func printableID(id string) string {
	if id != "" && len(id) <= MaxIDLength && validID(id) {
		return id
	}
	return ""
}

// Report summarises a parse: how many registrations were valid and which
// were rejected. Errors keeps the first MaxReportedErrors rejections;
// Rejected counts them all.
type Report struct {
	Valid    int        `json:"geldig"`
	Rejected int        `json:"afgekeurd"`
	Errors   []RowError `json:"fouten"`
}

// MaxReportedErrors bounds the rejections a Report lists.
const MaxReportedErrors = 10000

// Add records a rejection.
func (r *Report) Add(e *RowError) {
	r.Rejected++
	if len(r.Errors) < MaxReportedErrors {
		r.Errors = append(r.Errors, *e)
	}
}

// Parse reads every registration of r and calls fn for each valid one, in
// order; rejected ones are collected in the report. It stops at the first
// error of fn or of the stream.
func Parse(r io.Reader, f Format, fn func(Registration) error) (Report, error) {
	var rep Report
	d, err := NewDecoder(r, f)
	if err != nil {
		return rep, err
	}
	for {
		reg, err := d.Next()
		var rowErr *RowError
		switch {
		case errors.Is(err, io.EOF):
			return rep, nil
		case errors.As(err, &rowErr):
			rep.Add(rowErr)
			continue
		case err != nil:
			return rep, err
		}
		rep.Valid++
		if err := fn(reg); err != nil {
			return rep, err
		}
	}
}

// ParseTime reads a registration's date and time: RFC 3339 with an offset
// ("2025-03-14T21:05:00+01:00" or "…Z"), or a local time without offset
// ("2025-03-14T21:05:00", "2025-03-14 21:05"), read in Europe/Amsterdam.
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, ga.Amsterdam); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errors.New("datumTijd is ongeldig (gebruik JJJJ-MM-DDTUU:MM:SS met of zonder tijdzone)")
}

// CSVColumns are the columns of the CSV format, in the order Write uses.
var CSVColumns = []string{"registratie_id", "datum_tijd", "incidentcode", "categorie", "wijk", "locatie", "omschrijving", "rol", "naam", "geboortedatum"}

const (
	colID = iota
	colTime
	colCode
	colCategory
	colArea
	colLocation
	colDescription
	colRole
	colName
	colDOB
)

// csvReader groups consecutive rows with the same registration id.
type csvReader struct {
	r   *csv.Reader
	idx [10]int // column position of each of CSVColumns
	// pending is the first row of the next registration, read ahead.
	pending     []string
	pendingLine int
	pendingErr  error
	eof         bool
}

func newCSVReader(br *bufio.Reader) (*csvReader, error) {
	comma := ','
	// Spreadsheets with a Dutch locale write semicolons; the header tells.
	if first, _ := br.Peek(4096); len(first) > 0 {
		if i := bytes.IndexByte(first, '\n'); i >= 0 {
			first = first[:i]
		}
		if bytes.Count(first, []byte{';'}) > bytes.Count(first, []byte{','}) {
			comma = ';'
		}
	}
	r := csv.NewReader(&limitedLines{r: br})
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("regel 1: het bestand is leeg; de kopregel ontbreekt")
		}
		return nil, fmt.Errorf("regel 1: kopregel onleesbaar: %v", csvReason(err))
	}
	c := &csvReader{r: r}
	for i := range c.idx {
		c.idx[i] = -1
	}
	var problems []string
	for pos, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		i := slices.Index(CSVColumns, name)
		switch {
		case i < 0:
			problems = append(problems, "onbekende kolom "+strconv.Quote(truncate(name, 40)))
		case c.idx[i] >= 0:
			problems = append(problems, "kolom "+name+" staat er twee keer in")
		default:
			c.idx[i] = pos
		}
	}
	for i, pos := range c.idx {
		if pos < 0 {
			problems = append(problems, "kolom "+CSVColumns[i]+" ontbreekt")
		}
	}
	if len(problems) > 0 {
		return nil, errors.New("regel 1: kopregel: " + strings.Join(problems, "; "))
	}
	c.pendingLine = 1
	c.readAhead()
	return c, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// readAhead reads the next row into pending.
func (c *csvReader) readAhead() {
	if c.eof {
		c.pending, c.pendingErr = nil, io.EOF
		return
	}
	rec, err := c.r.Read()
	line := c.pendingLine + 1
	if err == nil && len(rec) > 0 {
		line, _ = c.r.FieldPos(0)
	}
	c.pending, c.pendingLine, c.pendingErr = rec, line, err
	if errors.Is(err, io.EOF) {
		c.eof = true
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		c.pendingLine = pe.StartLine
	}
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			return "aanhalingsteken op een verkeerde plaats"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return "aanhalingsteken midden in een veld dat niet tussen aanhalingstekens staat"
		case errors.Is(pe.Err, errLineTooLong):
			return "regel is te lang"
		}
		return "onleesbare regel"
	}
	if errors.Is(err, errLineTooLong) {
		return "regel is te lang"
	}
	return "onleesbare regel"
}

func (c *csvReader) field(rec []string, col int) string {
	if p := c.idx[col]; p < len(rec) {
		return rec[p]
	}
	return ""
}

func (c *csvReader) next() (Registration, int, error) {
	if c.pendingErr != nil {
		err, line := c.pendingErr, c.pendingLine
		if errors.Is(err, io.EOF) {
			return Registration{}, line, io.EOF
		}
		if errors.Is(err, errLineTooLong) {
			// The reader cannot resynchronise inside an over-long row.
			return Registration{}, line, fmt.Errorf("na regel %d: een regel is langer dan 1 MiB; het bestand is niet verder gelezen", line-1)
		}
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return Registration{}, line, err
		}
		c.readAhead()
		return Registration{}, line, &RowError{Line: line, Reasons: []string{csvReason(err)}}
	}
	first, line := c.pending, c.pendingLine
	id := c.field(first, colID)
	var reasons []string
	if len(first) != len(CSVColumns) {
		reasons = append(reasons, "regel "+strconv.Itoa(line)+": "+strconv.Itoa(len(first))+" velden in plaats van "+strconv.Itoa(len(CSVColumns)))
	}
	reg := Registration{
		ID:           id,
		IncidentCode: c.field(first, colCode),
		Category:     Category(c.field(first, colCategory)),
		Area:         c.field(first, colArea),
		Location:     c.field(first, colLocation),
		Description:  c.field(first, colDescription),
	}
	ts := c.field(first, colTime)
	if ts != "" {
		t, err := ParseTime(ts)
		if err != nil {
			reasons = append(reasons, err.Error())
		}
		reg.Time = t
	}
	for {
		rec, recLine := c.pending, c.pendingLine
		if rec != nil && recLine != line {
			if len(rec) != len(CSVColumns) {
				reasons = append(reasons, "regel "+strconv.Itoa(recLine)+": "+strconv.Itoa(len(rec))+" velden in plaats van "+strconv.Itoa(len(CSVColumns)))
			}
			for _, col := range []int{colTime, colCode, colCategory, colArea, colLocation, colDescription} {
				if c.field(rec, col) != c.field(first, col) {
					reasons = append(reasons, "regel "+strconv.Itoa(recLine)+": "+CSVColumns[col]+" wijkt af van de eerste regel van deze registratie")
				}
			}
		}
		role, name, dob := c.field(rec, colRole), c.field(rec, colName), c.field(rec, colDOB)
		if role != "" || name != "" || dob != "" {
			reg.Persons = append(reg.Persons, Involvement{Role: Role(role), Name: name, DateOfBirth: ga.Date(dob)})
		}
		c.readAhead()
		if c.pendingErr != nil || c.field(c.pending, colID) != id || id == "" {
			break
		}
		if len(reg.Persons) > MaxPersons {
			// Keep reading the registration's rows, but no more persons.
			reg.Persons = reg.Persons[:MaxPersons+1]
		}
	}
	if len(reasons) > 0 {
		return reg, line, &RowError{Line: line, RegistrationID: printableID(id), Reasons: append(reasons, reg.Validate()...)}
	}
	return reg, line, nil
}

// errLineTooLong is returned by limitedLines for a line over MaxLineBytes.
var errLineTooLong = errors.New("line too long")

// limitedLines passes bytes through but fails once a single line exceeds
// MaxLineBytes, so that a file without newlines cannot exhaust memory.
type limitedLines struct {
	r   *bufio.Reader
	run int
}

func (l *limitedLines) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.run = 0
		} else {
			l.run++
			if l.run > MaxLineBytes {
				return i, errLineTooLong
			}
		}
	}
	return n, err
}

// jsonlReader reads one JSON object per line.
type jsonlReader struct {
	r    *bufio.Reader
	line int
	buf  []byte
}

// jsonRegistration mirrors Registration with the date and time as text, so
// that a bad value yields a reason instead of a decoding failure.
type jsonRegistration struct {
	ID           string            `json:"registratieId"`
	Time         string            `json:"datumTijd"`
	IncidentCode string            `json:"incidentcode"`
	Category     string            `json:"categorie"`
	Area         string            `json:"wijk"`
	Location     string            `json:"locatie"`
	Description  string            `json:"omschrijving"`
	Persons      []jsonInvolvement `json:"personen"`
}

type jsonInvolvement struct {
	Role        string `json:"rol"`
	Name        string `json:"naam"`
	DateOfBirth string `json:"geboortedatum"`
}

// readLine returns the next line without its end, or tooLong when it
// exceeded MaxLineBytes (the rest of the line is skipped).
func (j *jsonlReader) readLine() (line []byte, tooLong bool, err error) {
	j.buf = j.buf[:0]
	for {
		chunk, err := j.r.ReadSlice('\n')
		if len(j.buf)+len(chunk) > MaxLineBytes {
			tooLong = true
		} else {
			j.buf = append(j.buf, chunk...)
		}
		switch {
		case err == nil:
			return bytes.TrimRight(j.buf, "\r\n"), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(j.buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			return bytes.TrimRight(j.buf, "\r\n"), tooLong, nil
		default:
			return nil, false, err
		}
	}
}

func (j *jsonlReader) next() (Registration, int, error) {
	for {
		raw, tooLong, err := j.readLine()
		if err != nil {
			return Registration{}, j.line + 1, err
		}
		j.line++
		if tooLong {
			return Registration{}, j.line, &RowError{Line: j.line, Reasons: []string{"regel is te lang"}}
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		var jr jsonRegistration
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&jr); err != nil {
			return Registration{}, j.line, &RowError{Line: j.line, Reasons: []string{jsonReason(err)}}
		}
		if dec.More() {
			return Registration{}, j.line, &RowError{Line: j.line, RegistrationID: printableID(jr.ID), Reasons: []string{"meer dan één JSON-object op de regel"}}
		}
		reg := Registration{
			ID:           jr.ID,
			IncidentCode: jr.IncidentCode,
			Category:     Category(jr.Category),
			Area:         jr.Area,
			Location:     jr.Location,
			Description:  jr.Description,
		}
		var reasons []string
		if jr.Time != "" {
			t, err := ParseTime(jr.Time)
			if err != nil {
				reasons = append(reasons, err.Error())
			}
			reg.Time = t
		}
		for _, p := range jr.Persons {
			reg.Persons = append(reg.Persons, Involvement{Role: Role(p.Role), Name: p.Name, DateOfBirth: ga.Date(p.DateOfBirth)})
		}
		if len(reasons) > 0 {
			return reg, j.line, &RowError{Line: j.line, RegistrationID: printableID(reg.ID), Reasons: append(reasons, reg.Validate()...)}
		}
		return reg, j.line, nil
	}
}

func jsonReason(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "geen geldige JSON (positie " + strconv.FormatInt(syn.Offset, 10) + ")"
	case errors.As(err, &typ):
		return "veld " + strconv.Quote(truncate(typ.Field, 40)) + " heeft het verkeerde type"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "onbekend veld " + truncate(strings.TrimPrefix(err.Error(), "json: unknown field "), 40)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "onvolledige JSON"
	}
	return "geen geldige JSON"
}

// WriteCSV writes registrations in the CSV format, header first.
type CSVWriter struct {
	w   *csv.Writer
	row []string
}

// NewCSVWriter writes the header and returns the writer.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	cw := &CSVWriter{w: csv.NewWriter(w), row: make([]string, len(CSVColumns))}
	return cw, cw.w.Write(CSVColumns)
}

// Write writes one registration: one row per person, or one row without a
// person when it has none.
func (cw *CSVWriter) Write(r Registration) error {
	row := cw.row
	row[colID] = r.ID
	row[colTime] = r.Time.In(ga.Amsterdam).Format(time.RFC3339)
	row[colCode] = r.IncidentCode
	row[colCategory] = string(r.Category)
	row[colArea] = r.Area
	row[colLocation] = r.Location
	row[colDescription] = r.Description
	if len(r.Persons) == 0 {
		row[colRole], row[colName], row[colDOB] = "", "", ""
		return cw.w.Write(row)
	}
	for _, p := range r.Persons {
		row[colRole], row[colName], row[colDOB] = string(p.Role), p.Name, string(p.DateOfBirth)
		if err := cw.w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// Flush flushes the underlying writer.
func (cw *CSVWriter) Flush() error { cw.w.Flush(); return cw.w.Error() }

// JSONLWriter writes registrations in the JSON Lines format.
type JSONLWriter struct {
	enc *json.Encoder
}

// NewJSONLWriter returns a writer to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSONLWriter{enc: enc}
}

// Write writes one registration as one line.
func (jw *JSONLWriter) Write(r Registration) error {
	jr := jsonRegistration{
		ID: r.ID, Time: r.Time.In(ga.Amsterdam).Format(time.RFC3339), IncidentCode: r.IncidentCode,
		Category: string(r.Category), Area: r.Area, Location: r.Location, Description: r.Description,
		Persons: make([]jsonInvolvement, len(r.Persons)),
	}
	for i, p := range r.Persons {
		jr.Persons[i] = jsonInvolvement{Role: string(p.Role), Name: p.Name, DateOfBirth: string(p.DateOfBirth)}
	}
	return jw.enc.Encode(jr)
}
