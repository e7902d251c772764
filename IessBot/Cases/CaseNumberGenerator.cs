using System.Security.Cryptography;

namespace IessBot.Cases;

/// <summary>Issues new case numbers (a service, so tests can substitute the random source).</summary>
public sealed class CaseNumberGenerator(RandomNumberGenerator? random = null)
{
    public CaseNumber Next(CaseType type) => CaseNumber.New(type, random);
}
