package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The scripts' commands for the live class (testdata/script/class_*.txtar): a port to run a
// class server on, waiting for it, and its class code.

// cmdFreePort sets an environment variable to a loopback port nothing listens on.
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ts.Check(ln.Close())
	ts.Setenv(args[0], strconv.Itoa(port))
}

// cmdWaitClass waits (up to 30 s, for a loaded machine) until the class server at URL answers
// GET /api/class; with !, until nothing answers there any more.
func cmdWaitClass(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: [!] waitclass URL")
	}
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(args[0] + "/api/class")
		up := err == nil && resp.StatusCode == http.StatusOK
		if resp != nil {
			resp.Body.Close()
		}
		if up != neg {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("the class server at %s: up=%v after 30 s (%v)", args[0], up, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cmdClassCode sets an environment variable to the class code of the class kept in DIR.
func cmdClassCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: classcode DIR VAR")
	}
	data, err := os.ReadFile(filepath.Join(ts.MkAbs(args[0]), "class.json"))
	ts.Check(err)
	var class struct{ Code string }
	ts.Check(json.Unmarshal(data, &class))
	if class.Code == "" {
		ts.Fatalf("no class code in %s", args[0])
	}
	ts.Setenv(args[1], class.Code)
	fmt.Fprintf(ts.Stdout(), "code %s\n", class.Code)
}
