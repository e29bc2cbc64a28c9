using System.CommandLine;

namespace Netflow.Cli;

/// <summary>An option that takes one of a few words, in any case (<c>--proto TCP</c> is <c>tcp</c>).</summary>
internal static class Choices
{
    public static Option<string> AcceptOnly(this Option<string> option, params string[] values)
    {
        option.CustomParser = result => result.Tokens is [var token] ? token.Value.ToLowerInvariant() : null;
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !values.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"'{result.Tokens.FirstOrDefault()?.Value}' is not a value of {option.Name}; use {string.Join(", ", values.Select(v => $"'{v}'"))}.");
            }
        });
        option.CompletionSources.Add(values);
        return option;
    }
}
