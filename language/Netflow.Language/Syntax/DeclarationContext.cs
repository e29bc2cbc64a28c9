namespace Netflow.Language.Syntax;

/// <summary>Where a declaration stands: the block it is in, which decides the declarations it may hold.</summary>
internal enum DeclarationContext
{
    File,
    Site,
    Range,
    Segment,
    Device,
    Flow,
    Any,
}
