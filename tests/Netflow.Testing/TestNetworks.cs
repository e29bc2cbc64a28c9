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
}
