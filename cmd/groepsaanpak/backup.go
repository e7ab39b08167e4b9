package main

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/internal/backupfile"
	"github.com/groepsaanpak/groepsaanpak/logbook"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// envBackupKey holds the backup key (64 hexadecimal digits) when no key
// file is given.
const envBackupKey = "GROEPSAANPAK_BACKUP_KEY"

// The files of a backup. The signing key of the logs is never among them:
// whoever holds a backup must not be able to forge checkpoints. The
// verifier key and the witness are, so that a restored database can be
// checked on its own.
const (
	backupManifest = "manifest.json"
	backupDatabase = "groepsaanpak.db"
	backupVerifier = "keys/log.pub"
	backupWitness  = "keys/log.witness"
)

// manifest describes a backup: its format, when and by which version it
// was made, and the SHA-256 of every file, checked on restore.
type manifest struct {
	Format    int               `json:"format"`
	CreatedAt time.Time         `json:"createdAt"`
	Version   string            `json:"version"`
	Files     map[string]string `json:"files"`
}

// backupKey reads the backup key from --key FILE or $GROEPSAANPAK_BACKUP_KEY.
func backupKey(e env, path string) ([]byte, error) {
	var text string
	switch {
	case path != "":
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("back-upsleutel: %w", err)
		}
		text = string(b)
	case e.getenv(envBackupKey) != "":
		text = e.getenv(envBackupKey)
	default:
		return nil, usageErr("geef de back-upsleutel met --key BESTAND of $%s (maak er een met --generate-key BESTAND)", envBackupKey)
	}
	return backupfile.ParseKey(text)
}

func runBackup(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "backup", "backup [--data MAP] [--key BESTAND] BESTAND | backup --generate-key BESTAND")
	var db dbFlags
	db.register(fs)
	keyPath := fs.String("key", "", "bestand met de back-upsleutel (standaard: $"+envBackupKey+")")
	generate := fs.String("generate-key", "", "maak een nieuwe back-upsleutel in dit bestand en stop")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *generate != "" {
		return generateBackupKey(e, *generate)
	}
	if len(positional) != 1 {
		return usageErr("geef één doelbestand")
	}
	out := positional[0]
	key, err := backupKey(e, *keyPath)
	if err != nil {
		return err
	}
	store, err := db.open(ctx, e)
	if err != nil {
		return err
	}
	defer store.Close()
	if store.Dialect() != storage.SQLite {
		return storage.ErrNotEmbedded
	}
	vkey, err := verifierText(e, &db)
	if err != nil {
		return err
	}

	tmp, err := os.MkdirTemp(filepath.Dir(out), ".groepsaanpak-backup-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	snapshot := filepath.Join(tmp, backupDatabase)
	if err := store.SnapshotTo(ctx, snapshot); err != nil {
		return err
	}
	files := map[string]string{backupDatabase: snapshot}
	vfile := filepath.Join(tmp, "log.pub")
	if err := os.WriteFile(vfile, []byte(vkey+"\n"), 0o600); err != nil {
		return err
	}
	files[backupVerifier] = vfile
	if w := filepath.Join(db.data, "keys", "log.witness"); fileExists(w) {
		files[backupWitness] = w
	}
	if err := writeBackup(out, key, files); err != nil {
		return err
	}
	fi, err := os.Stat(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Back-up geschreven naar %s (%d bytes, versleuteld met AES-256-GCM).\n", out, fi.Size())
	return nil
}

// parseInterspersed parses flags before and after the positional
// arguments, so that "backup FILE --data D" works as "backup --data D FILE".
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// verifierText returns the public verifier key of the logs' signing key.
func verifierText(e env, db *dbFlags) (string, error) {
	var skey string
	if db.logKey == "" && strings.TrimSpace(e.getenv(envLogKey)) != "" {
		skey = e.getenv(envLogKey)
	} else {
		path := db.logKey
		if path == "" {
			path = filepath.Join(db.data, "keys", "log.key")
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("ondertekeningssleutel van de logboeken: %w", err)
		}
		skey = string(b)
	}
	return logbook.VerifierKey(skey)
}

func generateBackupKey(e env, path string) error {
	k, err := backupfile.NewKey()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("back-upsleutel: %w", err)
	}
	if _, err := f.WriteString(k + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Nieuwe back-upsleutel in %s. Bewaar een kopie buiten deze machine: zonder sleutel is een back-up niet terug te zetten.\n", path)
	return nil
}

// writeBackup writes the files as an encrypted tar archive to out, through
// a temporary file that is synced and renamed into place, so that out is
// complete or absent.
func writeBackup(out string, key []byte, files map[string]string) error {
	m := manifest{Format: 1, CreatedAt: time.Now().UTC(), Version: version, Files: map[string]string{}}
	for name, path := range files {
		sum, err := fileSHA256(path)
		if err != nil {
			return err
		}
		m.Files[name] = sum
	}
	f, err := os.CreateTemp(filepath.Dir(out), ".backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	enc, err := backupfile.NewWriter(f, key)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(enc)
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: backupManifest, Mode: 0o600, Size: int64(len(mb)), ModTime: m.CreatedAt}); err != nil {
		return err
	}
	if _, err := tw.Write(mb); err != nil {
		return err
	}
	for _, name := range []string{backupDatabase, backupVerifier, backupWitness} {
		path, ok := files[name]
		if !ok {
			continue
		}
		if err := addFile(tw, name, path, m.CreatedAt); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), out)
}

func addFile(tw *tar.Writer, name, path string, mod time.Time) error {
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: mod}); err != nil {
		return err
	}
	_, err = io.Copy(tw, src)
	return err
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func runRestore(ctx context.Context, e env, args []string) error {
	fl := newFlagSet(e, "restore", "restore --data NIEUWE-MAP [--key BESTAND] [--log-key BESTAND] BESTAND")
	data := fl.String("data", "", "nieuwe, lege map voor de teruggezette installatie (verplicht)")
	keyPath := fl.String("key", "", "bestand met de back-upsleutel (standaard: $"+envBackupKey+")")
	keyStore := fl.String("key-store", "", "kopie van de sleutelopslag (groepsaanpak keys backup); wordt in NIEUWE-MAP/keys/datakeys.db gezet")
	masterKey := fl.String("master-key", "", "de hoofdsleutel uit de sleutelkluis; wordt in NIEUWE-MAP/keys/master.key gezet")
	logKey := fl.String("log-key", "", "de ondertekeningssleutel van de logboeken uit de sleutelkluis; wordt gecontroleerd en in NIEUWE-MAP/keys/log.key gezet")
	positional, err := parseInterspersed(fl, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return usageErr("geef één back-upbestand")
	}
	if *data == "" {
		return usageErr("geef met --data een nieuwe map om in terug te zetten")
	}
	key, err := backupKey(e, *keyPath)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(*data); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is niet leeg: zet een back-up alleen terug in een nieuwe map", *data)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Join(*data, "keys"), 0o700); err != nil {
		return err
	}
	m, err := extractBackup(positional[0], key, *data)
	if err != nil {
		return err
	}
	vkeyBytes, err := os.ReadFile(filepath.Join(*data, backupVerifier))
	if err != nil {
		return fmt.Errorf("de back-up bevat geen verificatiesleutel: %w", err)
	}
	vkey := strings.TrimSpace(string(vkeyBytes))
	if *logKey != "" {
		skey, err := os.ReadFile(*logKey)
		if err != nil {
			return err
		}
		derived, err := logbook.VerifierKey(string(skey))
		if err != nil {
			return err
		}
		if derived != vkey {
			return errors.New("de opgegeven ondertekeningssleutel hoort niet bij deze back-up")
		}
		if err := os.WriteFile(filepath.Join(*data, "keys", "log.key"), skey, 0o600); err != nil {
			return err
		}
	}
	_, verifier, err := logbook.ParseKey(vkey)
	if err != nil {
		return err
	}
	// The data keys are not in the backup (crypto-shredding must also hold
	// for old backups): the key store and the master key come from where
	// the operator keeps them.
	for _, f := range []struct{ from, to string }{{*keyStore, "datakeys.db"}, {*masterKey, "master.key"}} {
		if f.from == "" {
			continue
		}
		b, err := os.ReadFile(f.from)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*data, "keys", f.to), b, 0o600); err != nil {
			return err
		}
	}
	store, err := storage.Open(ctx, storage.Config{URL: "sqlite:" + filepath.Join(*data, backupDatabase), LogKeys: storage.NewLogKeys(nil, verifier)})
	if err != nil {
		return err
	}
	defer store.Close()
	witnessed, err := readWitness(filepath.Join(*data, backupWitness))
	if err != nil {
		return err
	}
	report, err := store.VerifyLogsAgainst(ga.WithActor(ctx, ga.SystemActor("restore")), witnessed)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Back-up van %s (versie %s) teruggezet in %s.\n", m.CreatedAt.In(ga.Amsterdam).Format("02-01-2006 15:04"), m.Version, *data)
	fmt.Fprint(e.stdout, report.String())
	if !report.OK() {
		return errors.New("de logboeken in de back-up zijn niet intact")
	}
	if *keyStore == "" || *masterKey == "" {
		fmt.Fprintf(e.stdout, "Zet de sleutelopslag (keys backup) in %s en de hoofdsleutel in %s (mode 0600) of geef $%s: zonder deze zijn de persoonsgegevens niet leesbaar.\n",
			filepath.Join(*data, "keys", "datakeys.db"), filepath.Join(*data, "keys", "master.key"), envMasterKey)
	}
	if *logKey == "" {
		fmt.Fprintf(e.stdout, "Zet de ondertekeningssleutel uit de sleutelkluis in %s (mode 0600) of geef $%s voordat u de server start.\n",
			filepath.Join(*data, "keys", "log.key"), envLogKey)
	}
	return nil
}

// extractBackup decrypts the backup and writes its files under dir,
// accepting only the files a backup holds and checking each against the
// manifest's SHA-256.
func extractBackup(path string, key []byte, dir string) (*manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec, err := backupfile.NewReader(f, key)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(dec)
	var m *manifest
	seen := map[string]string{}
	allowed := map[string]bool{backupDatabase: true, backupVerifier: true, backupWitness: true}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("back-up onleesbaar: %w", err)
		}
		if h.Name == backupManifest && m == nil {
			m = &manifest{}
			if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(m); err != nil || m.Format != 1 {
				return nil, errors.New("back-up onleesbaar: onbekend manifest")
			}
			continue
		}
		if m == nil || !allowed[h.Name] || h.Typeflag != tar.TypeReg || seen[h.Name] != "" {
			return nil, fmt.Errorf("back-up onleesbaar: onverwacht bestand %q", h.Name)
		}
		out, err := os.OpenFile(filepath.Join(dir, filepath.FromSlash(h.Name)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, err
		}
		hash := sha256.New()
		_, err = io.Copy(io.MultiWriter(out, hash), tr)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("back-up onleesbaar: %w", err)
		}
		seen[h.Name] = hex.EncodeToString(hash.Sum(nil))
	}
	if m == nil {
		return nil, errors.New("back-up onleesbaar: geen manifest")
	}
	for name, sum := range m.Files {
		if seen[name] != sum {
			return nil, fmt.Errorf("back-up onvolledig of gewijzigd: %s", name)
		}
	}
	if seen[backupDatabase] == "" {
		return nil, errors.New("back-up onvolledig: geen database")
	}
	return m, nil
}
