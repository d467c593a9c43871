package classroom

import (
	"net"
	"sort"
	"strconv"
	"strings"
)

// ServerURLs are the addresses learners can reach a server at, best first, for a listener
// on listen (as --addr gave it) bound to bound. A server on every network (":8088") is
// reached at the machine's IPv4 addresses; loopback is the only one when there is no
// network, and then local says so.
func ServerURLs(listen string, bound net.Addr) (urls []string, local bool) {
	port := "8088"
	if tcp, ok := bound.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		host = ""
	}
	if host != "" && host != "0.0.0.0" && host != "::" {
		return []string{"http://" + net.JoinHostPort(host, port)}, isLoopback(host)
	}
	for _, ip := range lanIPv4() {
		urls = append(urls, "http://"+net.JoinHostPort(ip, port))
	}
	if len(urls) == 0 {
		return []string{"http://" + net.JoinHostPort("127.0.0.1", port)}, true
	}
	return urls, false
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// virtualPrefixes name interfaces no learner's laptop is on: containers, VMs, VPNs.
var virtualPrefixes = []string{"docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "cni", "flannel",
	"tun", "tap", "utun", "wg", "tailscale", "zt", "podman", "vEthernet"}

// lanIPv4 are the machine's IPv4 addresses on interfaces that are up, the likely classroom
// network first: a real interface before a virtual one, a private address before another.
func lanIPv4() []string {
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil
	}
	type cand struct {
		ip   string
		rank int
	}
	var cands []cand
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		virtual := false
		for _, p := range virtualPrefixes {
			virtual = virtual || strings.HasPrefix(strings.ToLower(ifc.Name), strings.ToLower(p))
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip := ipn.IP.To4()
			if ip == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
				continue
			}
			rank := 0
			if virtual {
				rank += 2
			}
			if !ip.IsPrivate() {
				rank++
			}
			cands = append(cands, cand{ip.String(), rank})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].rank < cands[j].rank })
	var ips []string
	for _, c := range cands {
		ips = append(ips, c.ip)
	}
	return ips
}
