namespace Netflow.Testing;

/// <summary>Small networks that tests of several projects run, each written once.</summary>
public static class TestNetworks
{
    /// <summary>
    /// A two-worker Kubernetes cluster: a node-port service with a cluster IP, and a load-balancer service whose
    /// endpoint is a proxy (it accepts the client's connection and opens its own to the web pod); four flows through them.
    /// The compiler's tests check the engine's steps on it, the lab's tests that the kernel agrees.
    /// </summary>
    public const string KubernetesCluster = """
range lan 10.0.0.0/24
segment s vlan 10 ranges lan
client c {
  interface i 10.0.0.5 on s
  route 172.21.0.0/16 via k8s.w1
}
site k8s {
  range pods 172.30.0.0/16 cluster-pod {
    range pods-1 172.30.1.0/24
    range pods-2 172.30.2.0/24
  }
  range services 172.21.0.0/16 cluster-service
  worker w1 {
    interface i 10.0.0.10 on s
    route pods-2 via w2
  }
  worker w2 {
    interface i 10.0.0.11 on s
    interface vip 10.0.0.100 on s
    route pods-1 via w1
  }
  pod web on w1 {
    interface eth0 172.30.1.10
    serves tcp 8080
  }
  pod other on w2 {
    interface eth0 172.30.2.10
  }
  service web-svc {
    type node-port
    cluster-ip 172.21.0.10
    port 80 tcp to web port 8080 node-port 30080
  }
  load-balancer lb on w1 {
    interface eth0 172.30.1.2
    proxy port 443 tcp to web port 8080
  }
  service lb-svc {
    type load-balancer 10.0.0.100
    cluster-ip 172.21.0.20
    port 443 to lb
  }
}
flow node-port-through-the-other-worker {
  from c
  to 10.0.0.11 port 30080 tcp
  step k8s.w2
  step dnat to k8s.web-svc
  step k8s.web
}
flow cluster-ip-from-a-pod {
  from k8s.other
  to 172.21.0.10 port 80 tcp
}
flow cluster-ip-from-outside {
  from c
  to 172.21.0.10 port 80 tcp
}
flow through-the-load-balancer {
  from c
  to 10.0.0.100 port 443 tcp
  step dnat to k8s.lb
  step k8s.lb
  step proxy to k8s.web
  step k8s.web
}
""";

    /// <summary>
    /// Two Calico workers on different subnets, joined by IP-in-IP (mode cross-subnet), both also on a public VLAN. The
    /// load-balancer address is held on w1, the proxy it sends to runs on w2, so kube-proxy on w1 masquerades toward a pod
    /// on the other worker: from its tunl0 address (the first of its pod block), and the reply comes back through the
    /// tunnel. The proxy has two TCP targets (the engine's hash chooses the second for the TCP flow) and a UDP port. The compiler's tests check
    /// the engine's steps on it, the lab's tests that the kernel agrees.
    /// </summary>
    public const string CalicoIpInIpCluster = """
range lan-a 10.0.0.0/24
range lan-b 10.0.1.0/24
range public 198.51.100.0/24 provider-public
segment a vlan 10 ranges lan-a
segment b vlan 11 ranges lan-b
segment pub vlan 20 ranges public
client c {
  interface i 198.51.100.5 on pub
}
router r "Routes between the workers' private subnets" {
  interface ia 10.0.0.1 on a
  interface ib 10.0.1.1 on b
}
site k8s {
  range pods 172.30.0.0/16 cluster-pod {
    range pods-1 172.30.1.0/24
    range pods-2 172.30.2.0/24
  }
  worker w1 {
    interface private 10.0.0.10 on a
    interface public 198.51.100.10 on pub
    interface vip 198.51.100.100 on pub
    route lan-b via r
    route pods-2 via w2
  }
  worker w2 {
    interface private 10.0.1.10 on b
    interface public 198.51.100.11 on pub
    route lan-a via r
    route pods-1 via w1
  }
  tunnel ipip ip-in-ip between w1.private and w2.private mode cross-subnet
  pod web-1 on w1 {
    interface eth0 172.30.1.10
  }
  pod web-2 on w2 {
    interface eth0 172.30.2.10
  }
  load-balancer lb on w2 {
    interface eth0 172.30.2.2
    proxy port 8443 tcp to web-1 port 8080, web-2 port 8080
    proxy port 53 udp to web-1 port 5353
  }
  service lb-svc {
    type load-balancer 198.51.100.100
    cluster-ip 172.21.0.20
    port 8443 tcp to lb
    port 53 udp to lb
  }
}
flow tcp-through-the-tunnel {
  from c
  to 198.51.100.100 port 8443 tcp
  step k8s.w1
  step dnat to k8s.lb-svc
  step ip-in-ip
  step k8s.lb
  step proxy to k8s.web-2
  expect accepted by k8s.web-2
}
flow udp-through-the-tunnel {
  from c
  to 198.51.100.100 port 53 udp
  step dnat to k8s.lb-svc
  step ip-in-ip
  step proxy to k8s.web-1
  expect accepted by k8s.web-1
}
""";

    /// <summary>
    /// A client whose one interface holds an address in each of two subnets of its VLAN, its gateway in the second (a
    /// router that holds no address in the first, so has no route back to it); that router masquerades toward the web
    /// from its WAN interface, whose second address is in its next hop's subnet. Linux sends from the address in the
    /// gateway's subnet (the destination's, on a connected route), not the interface's first. The compiler's tests check
    /// the engine's source addresses on it, the lab's tests that the kernel agrees.
    /// </summary>
    public const string TwoSubnetsOnOneInterface = """
range a 10.0.1.0/24
range b 10.0.2.0/24
range far 192.168.7.0/24
range pub 203.0.113.0/24 internet
range web 198.51.100.0/24 internet
segment s vlan 10 ranges a, b
segment f vlan 20 ranges far, pub
segment w vlan 30 ranges web
client c {
  interface eth0 10.0.1.10, 10.0.2.10 on s
  route 192.168.7.0/24 via 10.0.2.1
  route 198.51.100.0/24 via 10.0.2.1
}
client neighbour {
  interface eth0 10.0.2.50 on s
}
router r {
  interface lan 10.0.2.1 on s
  interface wan 192.168.7.1, 203.0.113.1 on f
  route 198.51.100.0/24 via 203.0.113.254
  snat any toward web as egress
}
client server {
  interface eth0 192.168.7.5 on f
  route 10.0.2.0/24 via r
}
router isp {
  interface lan 203.0.113.254 on f
  interface web 198.51.100.1 on w
}
client site {
  interface eth0 198.51.100.7 on w
  route default via isp
}
flow to-the-server {
  from c
  to server port 80 tcp
}
flow to-the-neighbour {
  from c
  to neighbour port 80 tcp
}
flow to-the-web {
  from c
  to site port 443 tcp
}
""";
}
