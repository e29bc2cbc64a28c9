using Netflow.Language.Binding;

namespace Netflow.Language.Diagnostics;

public sealed partial class DiagnosticBag
{
    /// <summary>
    /// NF3040 at <paramref name="end"/> of <paramref name="tunnel"/>: it leads to <paramref name="device"/> (held by
    /// <paramref name="holder"/> and translated by its destination NAT, when they differ), which runs no IPsec for it.
    /// </summary>
    public void ReportTunnelEndWithoutIpsec(TunnelSymbol tunnel, Endpoint end, DeviceSymbol holder, DeviceSymbol device)
    {
        var what = end.Address is null ? $"is a {device.KindName}"
            : ReferenceEquals(holder, device) ? $"is held by '{device.QualifiedName}'"
            : $"is held by '{holder.QualifiedName}' and translated by its destination NAT to '{device.QualifiedName}'";
        Report(DiagnosticDescriptors.TunnelEndWithoutIpsec, end.Location, [DeclaredHere(device.Location, device.Name)],
            end.Address is { } a ? a.ToString() : device.QualifiedName, tunnel.Name, what);
    }

    /// <summary>NF3041 at <paramref name="end"/> of <paramref name="tunnel"/>: no device holds its address.</summary>
    public void ReportTunnelEndHeldByNoDevice(TunnelSymbol tunnel, Endpoint end) =>
        Report(DiagnosticDescriptors.TunnelEndHeldByNoDevice, end.Location, end.Address, tunnel.Name);
}
