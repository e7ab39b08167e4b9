package keyring

import (
	"container/list"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// MasterSource returns the master keys available to this process. The
// keyring calls it at the start and again whenever it meets a data key
// wrapped by a master it does not hold, which is how a running server
// follows a rotation made by `groepsaanpak keys rotate` in another process.
type MasterSource func() ([]Master, error)

// DefaultCacheSize bounds the cache of unwrapped data keys. A cached key
// is its AES-GCM state (784 bytes measured) with its id and the cache's
// bookkeeping, about 1 KiB, so the cache holds at most about 16 MiB. It
// holds the keys of the dossiers being worked on: a dossier of the national
// shape (25 members, 500 items, each item under a key of its own) reads
// about 550 keys, so some 30 dossiers fit; with 4,096 a round of the
// benchmark's 12 dossiers already pushed each other's keys out, and every
// opening fetched all its keys from the store again.
const DefaultCacheSize = 16384

// CacheTTL bounds how long a cached data key is used before the store is
// asked again, so that a key destroyed by another process is no longer
// used here after at most this long.
const CacheTTL = time.Minute

// blindIndexKeyID is the id of the key of the blind indexes in the store.
const blindIndexKeyID = "systeem/blinde-index"

// Keyring is the key store of one installation with its master keys and a
// bounded cache of unwrapped data keys. It is safe for concurrent use, also
// by several processes on one machine (the store is a SQLite file).
type Keyring struct {
	path   string
	db     *sql.DB
	source MasterSource

	mu      sync.Mutex
	masters map[string]Master
	cache   *lru
	blind   *BlindIndex
}

// Open opens (creating it if needed, mode 0600 in a 0700 directory) the key
// store at path. A new store takes the first master of source as its
// current master, the one new data keys are wrapped by.
func Open(path string, source MasterSource) (*Keyring, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("keyring: create key directory: %w", err)
	}
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, fmt.Errorf("keyring: key store: %w", err)
	} else {
		f.Close()
	}
	q := url.Values{}
	// secure_delete overwrites the content of deleted rows, so that a
	// destroyed data key does not linger in free pages of the file.
	for _, p := range []string{"busy_timeout(15000)", "journal_mode(WAL)", "synchronous(FULL)", "secure_delete(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("keyring: open key store: %w", err)
	}
	db.SetMaxOpenConns(4)
	k := &Keyring{path: path, db: db, source: source, masters: map[string]Master{}, cache: newLRU(DefaultCacheSize)}
	if err := k.init(); err != nil {
		db.Close()
		return nil, err
	}
	return k, nil
}

func (k *Keyring) init() error {
	ctx := context.Background()
	for _, s := range []string{
		`CREATE TABLE IF NOT EXISTS data_keys (id TEXT PRIMARY KEY, master_id TEXT NOT NULL, wrapped BLOB NOT NULL, created_at TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS data_keys_master ON data_keys (master_id)`,
		// shredded records which keys were destroyed, so that a missing key
		// reads as erased only when it was erased, and as an error (a wrong
		// key store) otherwise. It holds ids, no key material.
		`CREATE TABLE IF NOT EXISTS shredded (id TEXT PRIMARY KEY, at TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
	} {
		if _, err := k.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("keyring: prepare key store: %w", err)
		}
	}
	if err := k.reload(); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.masters) == 0 {
		return errors.New("keyring: no master key")
	}
	first, err := k.source()
	if err != nil {
		return err
	}
	_, err = k.db.ExecContext(ctx, `INSERT INTO meta (name, value) VALUES ('current_master', ?) ON CONFLICT (name) DO NOTHING`, first[0].ID())
	if err != nil {
		return fmt.Errorf("keyring: prepare key store: %w", err)
	}
	return nil
}

// Path is the key store's file.
func (k *Keyring) Path() string { return k.path }

// Close closes the key store.
func (k *Keyring) Close() error { return k.db.Close() }

// reload asks the master source again.
func (k *Keyring) reload() error {
	ms, err := k.source()
	if err != nil {
		return fmt.Errorf("keyring: master keys: %w", err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, m := range ms {
		k.masters[m.ID()] = m
	}
	return nil
}

// master returns the master with the id, asking the source again once when
// it is unknown.
func (k *Keyring) master(id string) (Master, error) {
	k.mu.Lock()
	m, ok := k.masters[id]
	k.mu.Unlock()
	if ok {
		return m, nil
	}
	if err := k.reload(); err != nil {
		return nil, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if m, ok := k.masters[id]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("keyring: master key %s is not available", id)
}

// AddMaster makes a master available to this keyring (for Rotate).
func (k *Keyring) AddMaster(m Master) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.masters[m.ID()] = m
}

// CurrentMaster returns the id of the master that wraps new data keys.
func (k *Keyring) CurrentMaster(ctx context.Context) (string, error) {
	var id string
	if err := k.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE name = 'current_master'`).Scan(&id); err != nil {
		return "", fmt.Errorf("keyring: current master: %w", err)
	}
	return id, nil
}

func wrapAAD(id string) []byte { return []byte("groepsaanpak data key\x00" + id) }

// Key returns the data key with the id: ErrShredded when it was destroyed,
// an error when the store never held it.
func (k *Keyring) Key(ctx context.Context, id string) (*DataKey, error) {
	if dk := k.cache.get(id); dk != nil {
		return dk, nil
	}
	raw, err := k.raw(ctx, id)
	if err != nil {
		return nil, err
	}
	dk, err := newDataKey(id, raw)
	if err != nil {
		return nil, err
	}
	dk.loaded = time.Now()
	k.cache.put(id, dk)
	return dk, nil
}

// Prefetch loads the data keys with the ids that are not cached, in one
// query per 500, so that a read of many rows decrypting under many keys
// does not ask the store once per row. Ids the store does not hold are
// left to Key, which tells a destroyed key from an unknown one.
func (k *Keyring) Prefetch(ctx context.Context, ids []string) error {
	var missing []any
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] && k.cache.get(id) == nil {
			seen[id] = true
			missing = append(missing, id)
		}
	}
	for len(missing) > 0 {
		n := min(len(missing), 500)
		chunk := missing[:n]
		missing = missing[n:]
		q := `SELECT id, master_id, wrapped FROM data_keys WHERE id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		rows, err := k.db.QueryContext(ctx, q, chunk...)
		if err != nil {
			return fmt.Errorf("keyring: read key store: %w", err)
		}
		type row struct {
			id, master string
			wrapped    []byte
		}
		var found []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.master, &r.wrapped); err != nil {
				rows.Close()
				return fmt.Errorf("keyring: read key store: %w", err)
			}
			found = append(found, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("keyring: read key store: %w", err)
		}
		now := time.Now()
		for _, r := range found {
			m, err := k.master(r.master)
			if err != nil {
				return err
			}
			raw, err := m.Unwrap(r.wrapped, wrapAAD(r.id))
			if err != nil {
				return fmt.Errorf("keyring: unwrap data key %s: %w", r.id, err)
			}
			dk, err := newDataKey(r.id, raw)
			if err != nil {
				return err
			}
			dk.loaded = now
			k.cache.put(r.id, dk)
		}
	}
	return nil
}

func (k *Keyring) raw(ctx context.Context, id string) ([]byte, error) {
	var masterID string
	var wrapped []byte
	err := k.db.QueryRowContext(ctx, `SELECT master_id, wrapped FROM data_keys WHERE id = ?`, id).Scan(&masterID, &wrapped)
	if errors.Is(err, sql.ErrNoRows) {
		if gone, err := k.Shredded(ctx, id); err != nil {
			return nil, err
		} else if gone {
			return nil, ErrShredded
		}
		return nil, fmt.Errorf("keyring: data key %s is not in the key store (is this the installation's key store?)", id)
	}
	if err != nil {
		return nil, fmt.Errorf("keyring: read key store: %w", err)
	}
	m, err := k.master(masterID)
	if err != nil {
		return nil, err
	}
	raw, err := m.Unwrap(wrapped, wrapAAD(id))
	if err != nil {
		return nil, fmt.Errorf("keyring: unwrap data key %s: %w", id, err)
	}
	return raw, nil
}

// KeyOrCreate returns the data key with the id, creating it when the store
// has none. A destroyed key is not created again: ErrShredded.
func (k *Keyring) KeyOrCreate(ctx context.Context, id string) (*DataKey, error) {
	dk, err := k.Key(ctx, id)
	if err == nil || errors.Is(err, ErrShredded) {
		return dk, err
	}
	raw := make([]byte, KeySize)
	if _, err := randRead(raw); err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		err = k.insert(ctx, id, raw)
		if !errors.Is(err, errStaleMaster) || attempt > 2 {
			break
		}
		if err := k.reload(); err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	return k.Key(ctx, id)
}

var errStaleMaster = errors.New("keyring: the current master is not available")

// CreateKeys creates the data keys with the ids that the store does not
// hold yet, in one write transaction: the bulk loader's way of creating
// thousands of keys without a durable commit each. Destroyed keys are
// skipped (ErrShredded is returned by Key for them later).
func (k *Keyring) CreateKeys(ctx context.Context, ids []string) error {
	for attempt := 0; ; attempt++ {
		err := k.insertMany(ctx, ids)
		if !errors.Is(err, errStaleMaster) || attempt > 2 {
			return err
		}
		if err := k.reload(); err != nil {
			return err
		}
	}
}

func (k *Keyring) insertMany(ctx context.Context, ids []string) error {
	tx, err := k.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("keyring: write key store: %w", err)
	}
	defer tx.Rollback()
	var current string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE name = 'current_master'`).Scan(&current); err != nil {
		return fmt.Errorf("keyring: current master: %w", err)
	}
	k.mu.Lock()
	m, ok := k.masters[current]
	k.mu.Unlock()
	if !ok {
		return errStaleMaster
	}
	now := time.Now().UTC().Format(time.RFC3339)
	raw := make([]byte, KeySize)
	for _, id := range ids {
		n, err := shreddedCount(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("keyring: read key store: %w", err)
		}
		if n > 0 {
			continue
		}
		if _, err := randRead(raw); err != nil {
			return err
		}
		wrapped, err := m.Wrap(raw, wrapAAD(id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO data_keys (id, master_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			id, current, wrapped, now); err != nil {
			return fmt.Errorf("keyring: write key store: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("keyring: write key store: %w", err)
	}
	return nil
}

// insert stores a new data key wrapped by the current master, read in the
// same write transaction, so that a rotation that changed the current
// master cannot miss a key created meanwhile.
func (k *Keyring) insert(ctx context.Context, id string, raw []byte) error {
	tx, err := k.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("keyring: write key store: %w", err)
	}
	defer tx.Rollback()
	var current string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE name = 'current_master'`).Scan(&current); err != nil {
		return fmt.Errorf("keyring: current master: %w", err)
	}
	k.mu.Lock()
	m, ok := k.masters[current]
	k.mu.Unlock()
	if !ok {
		return errStaleMaster
	}
	n, err := shreddedCount(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("keyring: read key store: %w", err)
	}
	if n > 0 {
		return ErrShredded
	}
	wrapped, err := m.Wrap(raw, wrapAAD(id))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO data_keys (id, master_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		id, current, wrapped, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("keyring: write key store: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("keyring: write key store: %w", err)
	}
	return nil
}

// Shred destroys the data keys and every key below them in the tree of ids
// ("a/b" is below "a") (crypto-shredding): every value encrypted under them, in the database and in every backup of it, becomes
// unreadable. The rows are overwritten (secure_delete) and the write-ahead
// log is checkpointed and truncated, so that the key material does not
// stay in the store's files. Destroying a key that does not exist records
// it as destroyed all the same.
func (k *Keyring) Shred(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	tx, err := k.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("keyring: write key store: %w", err)
	}
	defer tx.Rollback()
	now := time.Now().UTC().Format(time.RFC3339)
	for _, id := range ids {
		// The keys below id are those from id+"/" up to id+"0" ('0'
		// follows '/'), a range of the primary key rather than a scan of
		// every key per id destroyed.
		if _, err := tx.ExecContext(ctx, `DELETE FROM data_keys WHERE id = ? OR (id >= ? AND id < ?)`, id, id+"/", id+"0"); err != nil {
			return fmt.Errorf("keyring: shred: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO shredded (id, at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, id, now); err != nil {
			return fmt.Errorf("keyring: shred: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("keyring: shred: %w", err)
	}
	for _, id := range ids {
		k.cache.removeTree(id)
	}
	if _, err := k.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("keyring: checkpoint after shredding: %w", err)
	}
	return nil
}

// shreddedCount counts the destroyed keys that are the key with the id or
// above it, looking up the id and each of its ancestors ("a", "a/b" for
// "a/b/c") by the table's primary key, so that the look-up does not grow
// with the number of destroyed keys (one per deleted Groepsscan person).
func shreddedCount(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id string) (int, error) {
	args := []any{id}
	for i := 0; i < len(id); i++ {
		if id[i] == '/' {
			args = append(args, id[:i])
		}
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM shredded WHERE id IN (?`+strings.Repeat(", ?", len(args)-1)+`)`, args...).Scan(&n)
	return n, err
}

// Shredded reports whether the key with the id, or a key above it in the
// tree of ids ("a/b" is below "a"), was destroyed.
func (k *Keyring) Shredded(ctx context.Context, id string) (bool, error) {
	n, err := shreddedCount(ctx, k.db, id)
	if err != nil {
		return false, fmt.Errorf("keyring: read key store: %w", err)
	}
	return n > 0, nil
}

// BlindIndex returns the blind index, whose key is a data key of the store
// (created on first use), so that rotating the master leaves every blind
// index as it is.
func (k *Keyring) BlindIndex(ctx context.Context) (*BlindIndex, error) {
	k.mu.Lock()
	b := k.blind
	k.mu.Unlock()
	if b != nil {
		return b, nil
	}
	if _, err := k.KeyOrCreate(ctx, blindIndexKeyID); err != nil {
		return nil, err
	}
	raw, err := k.raw(ctx, blindIndexKeyID)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.blind = &BlindIndex{key: raw}
	return k.blind, nil
}

// RotateStats reports a rotation.
type RotateStats struct {
	Rewrapped int
	Old       []string
}

// Rotate re-wraps every data key under the master next, without stopping
// the processes that use the store: next becomes the current master first
// (new keys are wrapped by it from then on, by every process, see insert),
// then every key wrapped by another master is unwrapped and wrapped again,
// in small transactions, until none is left. The old masters can be
// destroyed afterwards; copies of the store from before are useless without
// them.
func (k *Keyring) Rotate(ctx context.Context, next Master) (RotateStats, error) {
	var st RotateStats
	k.AddMaster(next)
	if _, err := k.db.ExecContext(ctx, `INSERT INTO meta (name, value) VALUES ('current_master', ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, next.ID()); err != nil {
		return st, fmt.Errorf("keyring: rotate: %w", err)
	}
	rows, err := k.db.QueryContext(ctx, `SELECT DISTINCT master_id FROM data_keys WHERE master_id <> ?`, next.ID())
	if err != nil {
		return st, fmt.Errorf("keyring: rotate: %w", err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return st, fmt.Errorf("keyring: rotate: %w", err)
		}
		st.Old = append(st.Old, id)
	}
	rows.Close()
	for {
		n, err := k.rewrapBatch(ctx, next, 200)
		if err != nil {
			return st, err
		}
		st.Rewrapped += n
		if n == 0 {
			break
		}
	}
	if _, err := k.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return st, fmt.Errorf("keyring: rotate: %w", err)
	}
	return st, nil
}

func (k *Keyring) rewrapBatch(ctx context.Context, next Master, limit int) (int, error) {
	tx, err := k.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("keyring: rotate: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, master_id, wrapped FROM data_keys WHERE master_id <> ? LIMIT ?`, next.ID(), limit)
	if err != nil {
		return 0, fmt.Errorf("keyring: rotate: %w", err)
	}
	type row struct {
		id, master string
		wrapped    []byte
	}
	var todo []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.master, &r.wrapped); err != nil {
			rows.Close()
			return 0, fmt.Errorf("keyring: rotate: %w", err)
		}
		todo = append(todo, r)
	}
	rows.Close()
	for _, r := range todo {
		m, err := k.master(r.master)
		if err != nil {
			return 0, err
		}
		raw, err := m.Unwrap(r.wrapped, wrapAAD(r.id))
		if err != nil {
			return 0, fmt.Errorf("keyring: rotate: unwrap %s: %w", r.id, err)
		}
		w, err := next.Wrap(raw, wrapAAD(r.id))
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE data_keys SET master_id = ?, wrapped = ? WHERE id = ?`, next.ID(), w, r.id); err != nil {
			return 0, fmt.Errorf("keyring: rotate: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("keyring: rotate: %w", err)
	}
	return len(todo), nil
}

// MasterUse counts the data keys per master that wraps them.
func (k *Keyring) MasterUse(ctx context.Context) (map[string]int, error) {
	rows, err := k.db.QueryContext(ctx, `SELECT master_id, count(*) FROM data_keys GROUP BY master_id`)
	if err != nil {
		return nil, fmt.Errorf("keyring: read key store: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// lru is a bounded cache of unwrapped data keys, least recently used out.
type lru struct {
	mu    sync.Mutex
	max   int
	ll    *list.List
	items map[string]*list.Element
}

func newLRU(max int) *lru {
	return &lru{max: max, ll: list.New(), items: map[string]*list.Element{}}
}

func (c *lru) get(id string) *DataKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[id]; ok {
		k := e.Value.(*DataKey)
		if time.Since(k.loaded) > CacheTTL {
			c.ll.Remove(e)
			delete(c.items, id)
			return nil
		}
		c.ll.MoveToFront(e)
		return k
	}
	return nil
}

func (c *lru) put(id string, k *DataKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[id]; ok {
		e.Value = k
		c.ll.MoveToFront(e)
		return
	}
	c.items[id] = c.ll.PushFront(k)
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, last.Value.(*DataKey).id)
	}
}

func (c *lru) removeTree(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		if k == id || strings.HasPrefix(k, id+"/") {
			c.ll.Remove(e)
			delete(c.items, k)
		}
	}
}

func (c *lru) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// SnapshotTo writes a consistent copy of the key store to path (which must
// not exist), while processes keep using it. The copy holds the data keys
// wrapped by the master: it is useless without the master key, which is
// backed up apart from it, and both apart from the database's backups.
func (k *Keyring) SnapshotTo(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("keyring: %s exists", path)
	}
	if _, err := k.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("keyring: snapshot: %w", err)
	}
	return os.Chmod(path, 0o600)
}
