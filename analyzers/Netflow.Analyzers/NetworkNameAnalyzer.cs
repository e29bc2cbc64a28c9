using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using CSharpCodeMessages = Netflow.Language.Diagnostics.CSharpCodeMessages;

namespace Netflow.Analyzers;

/// <summary>
/// NF5001, NF5002: a string constant passed to a runtime parameter marked <c>[FlowName]</c> or <c>[DeviceName]</c>
/// (<c>CompiledNetwork.Run("...")</c>, <c>.Device("...")</c>) must name a flow or device of the project's .netflow
/// files, or the call fails at run time; the diagnostic says which declared name was probably meant.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkNameAnalyzer : DiagnosticAnalyzer
{
    public const string FlowNameAttribute = "Netflow.Runtime.FlowNameAttribute";
    public const string DeviceNameAttribute = "Netflow.Runtime.DeviceNameAttribute";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [CSharpDiagnostics.UnknownFlow, CSharpDiagnostics.UnknownDevice];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var flowAttribute = start.Compilation.GetTypeByMetadataName(FlowNameAttribute);
            var deviceAttribute = start.Compilation.GetTypeByMetadataName(DeviceNameAttribute);
            if (flowAttribute is null && deviceAttribute is null) return;
            var files = NetflowFiles.Of(start.Options.AdditionalFiles);
            if (files.IsEmpty) return;
            var check = SharedCheck.For(start.Compilation, files, start.Options.AnalyzerConfigOptionsProvider.GlobalOptions, start.CancellationToken);
            start.RegisterOperationAction(operation =>
            {
                var argument = (IArgumentOperation)operation.Operation;
                if (argument.Parameter is not { } parameter || argument.Value.ConstantValue is not { HasValue: true, Value: string name }) return;
                var attributes = parameter.GetAttributes();
                var isFlow = attributes.Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, flowAttribute));
                var isDevice = !isFlow && attributes.Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, deviceAttribute));
                if (!isFlow && !isDevice) return;
                if (check.Value.Result is not { Compilation.Model: var model }) return;
                var names = (isFlow ? model.Flows.Select(f => f.QualifiedName) : model.Devices.Select(d => d.QualifiedName)).ToList();
                if (names.Contains(name, StringComparer.Ordinal)) return;
                operation.ReportDiagnostic(isFlow
                    ? CSharpDiagnostics.Create(CSharpDiagnostics.UnknownFlow, argument.Value.Syntax.GetLocation(), CSharpCodeMessages.UnknownFlowInCode(name, names))
                    : CSharpDiagnostics.Create(CSharpDiagnostics.UnknownDevice, argument.Value.Syntax.GetLocation(), CSharpCodeMessages.UnknownDeviceInCode(name, names)));
            }, OperationKind.Argument);
        });
    }
}
