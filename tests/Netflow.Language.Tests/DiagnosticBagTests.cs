using System.Reflection;
using Netflow.Language.Diagnostics;
using Shouldly;
using Xunit;

namespace Netflow.Language.Tests;

public sealed class DiagnosticBagTests
{
    private static IEnumerable<(string Name, DiagnosticDescriptor Descriptor)> Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (f.Name, (DiagnosticDescriptor)f.GetValue(null)!));

    [Fact]
    public void Every_code_has_one_typed_report_method_named_after_its_descriptor()
    {
        var methods = typeof(DiagnosticBag).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(m => m.Name.StartsWith("Report", StringComparison.Ordinal) && m.Name != "Report")
            .Select(m => m.Name)
            .ToList();
        // NF0012 is the bag's own: it says where the cap stopped reporting. NF5xxx are located in C# code, so their typed
        // methods are CSharpCodeMessages'.
        var expected = Descriptors().Where(d => d.Descriptor != DiagnosticDescriptors.TooManyErrors && d.Descriptor.Phase != DiagnosticPhase.CSharp)
            .Select(d => "Report" + d.Name).ToList();
        methods.Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal));
        typeof(CSharpCodeMessages).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Order(StringComparer.Ordinal)
            .ShouldBe(Descriptors().Where(d => d.Descriptor.Phase == DiagnosticPhase.CSharp).Select(d => d.Name).Order(StringComparer.Ordinal));
        Descriptors().Count().ShouldBe(DiagnosticDescriptors.All.Count);
    }

    [Fact]
    public void Each_phase_numbers_its_codes_in_its_own_group()
    {
        foreach (var (_, descriptor) in Descriptors())
        {
            var group = descriptor.Phase switch
            {
                DiagnosticPhase.Syntax => "NF00",
                DiagnosticPhase.Overlays => "NF01",
                DiagnosticPhase.Names => "NF1",
                DiagnosticPhase.AddressPlan => "NF2",
                DiagnosticPhase.Routing => "NF3",
                DiagnosticPhase.Flows => "NF4",
                DiagnosticPhase.CSharp => "NF5",
                _ => throw new InvalidOperationException($"{descriptor.Phase} has no code group in this test yet."),
            };
            descriptor.Code.ShouldStartWith(group, customMessage: $"{descriptor.Code} is in phase {descriptor.Phase}");
        }
    }

    [Fact]
    public void The_hint_has_one_spelling_at_the_end_of_its_sentence()
    {
        Spelling.Hint("rooter", ["router", "switch"]).ShouldBe("; did you mean 'router'?");
        Spelling.Hint("zzz", ["router"]).ShouldBe(".");
        var compilation = Compilation.Create(new Text.SourceText("a.netflow", "rooter r1\n"));
        compilation.Diagnostics.Single().Message.ShouldEndWith("; did you mean 'router'?");
    }
}
