using Netflow.Language.Text;

namespace Netflow.Language.Diagnostics;

/// <summary>A second place a diagnostic involves (the other duplicate, the range it overlaps), with what it is.</summary>
public sealed record RelatedLocation(SourceLocation Location, string Message);
