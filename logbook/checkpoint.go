package logbook

import (
	"bytes"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A checkpoint is a signed note whose text is a tlog tree description
// (tlog.FormatTree: header line, size, root hash) followed by one line that
// names the log. tlog.ParseTree ignores lines after the tree, so the text
// stays readable by the Go checksum database's own tools, while the extra
// line binds the signature to one log.

func checkpointText(log string, tree tlog.Tree) string {
	return string(tlog.FormatTree(tree)) + "log " + log + "\n"
}

// SignCheckpoint returns a checkpoint of the named log at tree, signed by s.
func SignCheckpoint(s note.Signer, log string, tree tlog.Tree) ([]byte, error) {
	if s == nil {
		return nil, errors.New("logbook: no signing key for checkpoints")
	}
	msg, err := note.Sign(&note.Note{Text: checkpointText(log, tree)}, s)
	if err != nil {
		return nil, fmt.Errorf("logbook: sign checkpoint: %w", err)
	}
	return msg, nil
}

// OpenCheckpoint verifies a checkpoint of the named log with v and returns
// the tree it fixes. It fails when the signature does not verify, when the
// text is not exactly what SignCheckpoint writes, or when the checkpoint
// belongs to another log.
func OpenCheckpoint(v note.Verifier, log string, msg []byte) (tlog.Tree, error) {
	if v == nil {
		return tlog.Tree{}, errors.New("logbook: no verifier key for checkpoints")
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("signature does not verify: %w", err)
	}
	tree, err := tlog.ParseTree([]byte(n.Text))
	if err != nil {
		return tlog.Tree{}, err
	}
	if n.Text != checkpointText(log, tree) {
		return tlog.Tree{}, fmt.Errorf("not a checkpoint of the %s log", log)
	}
	return tree, nil
}

// CheckpointSize returns the size a checkpoint claims, without verifying
// its signature. The verifier uses it to know when, while streaming the
// entries, the claim can be checked.
func CheckpointSize(msg []byte) (int64, error) {
	i := bytes.Index(msg, []byte("\n\n"))
	if i < 0 {
		return 0, errors.New("malformed checkpoint")
	}
	tree, err := tlog.ParseTree(msg[:i+1])
	if err != nil {
		return 0, err
	}
	return tree.N, nil
}
