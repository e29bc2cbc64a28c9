namespace Netflow.Runtime.Engine;

/// <summary>What happened at a step of a trace, in Batfish's vocabulary, extended with tunnels and DNS.</summary>
public enum StepKind : byte
{
    Received,
    DnsResolved,
    SourceNat,
    DestinationNat,
    Forwarded,
    Encapsulated,
    Decapsulated,
    Delivered,
    Stopped,
}
