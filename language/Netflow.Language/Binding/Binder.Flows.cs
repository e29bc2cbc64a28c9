using Netflow.Language.Addressing;
using Netflow.Language.Diagnostics;
using Netflow.Language.Syntax;

namespace Netflow.Language.Binding;

internal sealed partial class Binder
{
    private void DeclareFlow(DeclarationSyntax declaration, FlowHeader header, ScopeSymbol? scope)
    {
        var flow = new FlowSymbol(header.DeclaredName.Text, scope, Loc(header.DeclaredName), declaration);
        if (!Declare(scope, flow)) return;
        _model.Flows.Add(flow);
        var tree = _tree;
        SyntaxToken? from = null, to = null, expect = null;

        foreach (var member in declaration.Members)
        {
            switch (member.Header)
            {
                case FromHeader f when Once(flow, ref from, f.Keyword):
                    _resolutions.Add(() => flow.Source = Resolve<DeviceSymbol>(tree, scope, f.Source, Needs.FlowSource));
                    break;
                case ToHeader t when Once(flow, ref to, t.Keyword):
                    _resolutions.Add(() => flow.Destination = BindDestination(tree, scope, t, member));
                    break;
                case ExpectHeader e when Once(flow, ref expect, e.Keyword):
                    flow.ExpectedDisposition = e.Disposition.Value;
                    if (e.AcceptedBy is not { } by) break;
                    if (e.Disposition.Value != Disposition.Accepted) diagnostics.ReportAcceptorWithoutAcceptance(Loc(by), e.Disposition.Token.Text);
                    else _resolutions.Add(() => flow.AcceptedBy = Resolve<DeviceSymbol>(tree, scope, by, Needs.FlowAcceptor));
                    break;
                case StepHeader step:
                    // Resolutions run in the order they were queued, so steps keep their written order.
                    _resolutions.Add(() =>
                    {
                        if (BindStep(tree, scope, step, member) is { } bound) flow.StepList.Add(bound);
                    });
                    break;
                case NeverHeader never:
                    flow.NeverList.Add((never.Encapsulation.Value, Loc(never.Encapsulation.Token)));
                    break;
            }
        }
        if (from is null) diagnostics.ReportFlowMissingSource(flow);
        if (to is null) diagnostics.ReportFlowMissingDestination(flow);
    }

    /// <summary>True for the first clause of its kind; reports the second and later ones.</summary>
    private bool Once(FlowSymbol flow, ref SyntaxToken? seen, SyntaxToken keyword)
    {
        if (seen is null)
        {
            seen = keyword;
            return true;
        }
        diagnostics.ReportDuplicateFlowClause(Loc(keyword), flow, keyword.Text, Loc(seen));
        return false;
    }

    private FlowDestination? BindDestination(SyntaxTree tree, ScopeSymbol? scope, ToHeader header, DeclarationSyntax declaration)
    {
        var token = header.Destination.Target;
        var protocol = header.Protocol?.Value ?? Protocol.Tcp;
        var port = BindPort(tree, header.Destination.Port);
        var location = tree.Location(declaration.HeaderSpan);

        switch (token.Kind)
        {
            case TokenKind.Address:
                return token.Value is IpAddress address ? new FlowDestination(token.Text, null, null, address, port, protocol, location) : null;
            case TokenKind.Url:
                if (!Uri.TryCreate(token.Text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
                {
                    diagnostics.ReportUnexpectedToken(tree.Location(token.Span), ["a URL such as https://web.example.com"], token);
                    return null;
                }
                port ??= uri.IsDefaultPort ? uri.Scheme switch { "http" => 80, "https" => 443, _ => null } : uri.Port;
                // A URL whose host is an address needs no DNS.
                if (uri.HostNameType == UriHostNameType.IPv4 && IpAddress.TryParseV4(uri.Host, out var hostAddress, out _))
                {
                    return new FlowDestination(token.Text, null, null, hostAddress, port, protocol, location);
                }
                if (!RequireRecord(tree, token, uri.Host)) return null;
                return new FlowDestination(token.Text, uri.Host, null, null, port, protocol, location);
        }

        var symbol = Lookup(scope, token.Text);
        if (symbol is DeviceSymbol or InterfaceSymbol) return new FlowDestination(token.Text, null, symbol, null, port, protocol, location);
        if (symbol is not null)
        {
            ReportWrongKind(tree, token, symbol, Needs.FlowDestination);
            return null;
        }
        if (_recordSyntax.ContainsKey(token.Text)) return new FlowDestination(token.Text, token.Text, null, null, port, protocol, location);

        // Neither a symbol nor a record: say "unknown name" when it starts like one of ours, "no record" otherwise.
        var first = token.Text.Split('.')[0];
        if (token.Text.Contains('.') && Lookup(scope, first) is not null) ReportUnknownName(tree, scope, token);
        else RequireRecord(tree, token, token.Text);
        return null;
    }

    private bool RequireRecord(SyntaxTree tree, SyntaxToken token, string hostName)
    {
        if (_recordSyntax.ContainsKey(hostName)) return true;
        var candidates = _recordSyntax.Keys.Concat(_allSymbols.Where(s => s is DeviceSymbol).Select(s => s.QualifiedName));
        diagnostics.ReportUnknownHostName(tree.Location(token.Span), hostName, candidates);
        return false;
    }

    private FlowStep? BindStep(SyntaxTree tree, ScopeSymbol? scope, StepHeader header, DeclarationSyntax declaration)
    {
        var location = tree.Location(declaration.HeaderSpan);
        var text = header.Description?.Value as string;
        var word = header.Waypoint.Text;
        Endpoint? argument = null;
        if (header.Argument is { } arg)
        {
            argument = BindEndpoint(tree, scope, arg, null, Needs.StepArgument(word));
            if (argument is null) return null;
        }
        switch (header.Kind)
        {
            case WaypointKind.Encapsulation:
                return new FlowStep(WaypointKind.Encapsulation, null, header.Encapsulation, null, text, location);
            case not WaypointKind.Device:
                return new FlowStep(header.Kind, null, null, argument, text, location);
        }
        var symbol = ResolveAny(tree, scope, header.Waypoint);
        var device = symbol switch
        {
            DeviceSymbol d => d,
            InterfaceSymbol i => i.Device,
            _ => null,
        };
        if (device is null)
        {
            if (symbol is not null) ReportWrongKind(tree, header.Waypoint, symbol, Needs.StepWaypoint);
            return null;
        }
        return new FlowStep(WaypointKind.Device, device, null, null, text, location);
    }
}
