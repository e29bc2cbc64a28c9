namespace Netflow.Language.Binding;

/// <summary>
/// A Kubernetes cluster: a site, or the top level (<see cref="Scope"/> null), that declares a <c>cluster-pod</c> or
/// <c>cluster-service</c> range. Its workers are those declared in it and in no cluster inside it; a service belongs to
/// the cluster it is declared in, and only those workers' kube-proxy installs it (<see cref="NetworkModel.ClusterOf"/>).
/// </summary>
public sealed record Cluster(ScopeSymbol? Scope)
{
    /// <summary>The cluster in the words of a message.</summary>
    public override string ToString() => Scope is null ? "the cluster declared at the top level" : $"the cluster '{Scope.QualifiedName}'";
}
