// The network this program is about lives in network/*.netflow; the build checks it (see CsharpConsumer.csproj).
Console.WriteLine("The office network was checked by the build.");
