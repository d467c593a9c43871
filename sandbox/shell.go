package sandbox

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Shell opens the user's own shell in the workspace with Env and a "(firstrun) " prompt,
// so the learner types real go commands that the wrapper logs, and returns when the user
// exits it (an *exec.ExitError carries a non-zero status). Call EnsureWrapper first.
func (w *Workspace) Shell(shellPath, home string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd, err := w.ShellCommand(shellPath, home, stdin, stdout, stderr)
	if err != nil {
		return err
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("shell %s: %w", cmd.Path, err)
	}
	return nil
}

// ShellCommand is the command Shell runs, ready to start, for a caller that runs it itself
// (the workbook runs it as a job of its own, to end it with the workbook).
//
// shellPath is $SHELL (COMSPEC on Windows); home is where the user's rc files live.
// bash and zsh get a generated rc file that sources the user's own and then puts the
// workspace settings back, because rc files often prepend their own go to PATH.
func (w *Workspace) ShellCommand(shellPath, home string, stdin io.Reader, stdout, stderr io.Writer) (*exec.Cmd, error) {
	if shellPath == "" {
		shellPath = "/bin/sh"
		if runtime.GOOS == "windows" {
			shellPath = "cmd.exe"
		}
	}
	base := os.Environ()
	env := w.Env(base)
	var args []string
	switch strings.TrimSuffix(strings.ToLower(filepath.Base(shellPath)), ".exe") {
	case "bash":
		rc := filepath.Join(w.shellDir(), "bashrc")
		body := sourceIfExists(filepath.Join(home, ".bashrc")) + w.reapply(env, "PS1")
		if err := writeShellFile(rc, body); err != nil {
			return nil, err
		}
		args = []string{"--rcfile", rc, "-i"}
	case "zsh":
		// zsh reads its rc files from $ZDOTDIR; point it at ours, which hand over to the
		// user's files and then give ZDOTDIR back (the user's .zshenv may even move it).
		zdot := filepath.Join(w.shellDir(), "zsh")
		userDot := getEnv(base, "ZDOTDIR")
		if userDot == "" {
			userDot = home
		}
		zshenv := "ZDOTDIR=" + shellQuote(userDot) + "\n" +
			"if [ -f \"$ZDOTDIR/.zshenv\" ]; then . \"$ZDOTDIR/.zshenv\"; fi\n" +
			"_firstrun_zdotdir=\"$ZDOTDIR\"\n" +
			"ZDOTDIR=" + shellQuote(zdot) + "\n"
		zshrc := "ZDOTDIR=\"$_firstrun_zdotdir\"\nunset _firstrun_zdotdir\n" +
			"if [ -f \"$ZDOTDIR/.zshrc\" ]; then . \"$ZDOTDIR/.zshrc\"; fi\n" +
			w.reapply(env, "PROMPT")
		if err := writeShellFile(filepath.Join(zdot, ".zshenv"), zshenv); err != nil {
			return nil, err
		}
		if err := writeShellFile(filepath.Join(zdot, ".zshrc"), zshrc); err != nil {
			return nil, err
		}
		env = editEnv(env, []envVar{{key: "ZDOTDIR", value: zdot}})
		args = []string{"-i"}
	case "cmd":
		env = editEnv(env, []envVar{{key: "PROMPT", value: "(firstrun) $P$G"}})
	default:
		env = editEnv(env, []envVar{{key: "PS1", value: "(firstrun) $ "}})
	}

	cmd := exec.Command(shellPath, args...)
	cmd.Dir = w.Dir
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	// Ctrl-C at the shell's prompt is meant for the shell: the caller, which owns the
	// process's signal handling, must not act on it meanwhile (main's interrupts does this).
	return cmd, nil
}

func (w *Workspace) shellDir() string { return filepath.Join(w.StateDir(), "shell") }

// reapply is the end of a generated rc file: the workspace settings again, after the
// user's rc file had its say, and the prompt marker on the prompt variable.
func (w *Workspace) reapply(env []string, promptVar string) string {
	var b strings.Builder
	b.WriteString("# firstrun: the workspace settings win over the rc file above.\n")
	for _, v := range w.learnerVars("") {
		if v.key != "PATH" {
			b.WriteString(exportLine(v.key, getEnv(env, v.key)))
		}
	}
	sep := string(filepath.ListSeparator)
	front := shellQuote(w.WrapperDir() + sep + w.BinDir() + sep)
	// Prepend only when the rc file moved them, so `echo $PATH` stays readable.
	b.WriteString("case \"$PATH\" in " + front + "*) ;; *) export PATH=" + front + "\"$PATH\";; esac\n")
	b.WriteString(promptVar + "=\"(firstrun) $" + promptVar + "\"\n")
	return b.String()
}

func sourceIfExists(file string) string {
	q := shellQuote(file)
	return "if [ -f " + q + " ]; then . " + q + "; fi\n"
}

func writeShellFile(path, body string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("preparing shell: %w", err)
	}
	body = "# Written by firstrun for `firstrun shell`; rewritten every time, do not edit.\n" + body
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		return fmt.Errorf("preparing shell: %w", err)
	}
	return nil
}
