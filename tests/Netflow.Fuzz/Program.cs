using SharpFuzz;

if (args is ["seed-image", var source, var output])
{
    // The image seed is written by the target itself, so that it always has the format version being fuzzed.
    Netflow.Fuzz.FuzzTarget.WriteImage(File.ReadAllText(source), output);
    return;
}

// AFL++ runs this process once and feeds it inputs through SharpFuzz's fork server (docs/fuzzing.md); without AFL
// it runs the target once over standard input, so that a finding can be replayed with 'dotnet Netflow.Fuzz.dll < file'.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    Netflow.Fuzz.FuzzTarget.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
