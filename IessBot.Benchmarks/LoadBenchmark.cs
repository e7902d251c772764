namespace IessBot.Benchmarks;

public static class LoadBenchmark
{
    public static Task<int> Main(string[] args)
    {
        Console.Error.WriteLine("Not implemented yet.");
        return Task.FromResult(1);
    }
}
