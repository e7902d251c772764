using IessBot.Filing.Validation;

namespace IessBot.Tests.Filing.Validation;

/// <summary>Builds cédulas that pass every rule without belonging to anyone known: nine chosen digits plus the computed 10th.</summary>
internal static class SyntheticCedulas
{
    public static string Build(string province, char thirdDigit, string sequence = "123456")
    {
        var firstNine = $"{province}{thirdDigit}{sequence}";
        return firstNine + CedulaValidator.ComputeCheckDigit(firstNine);
    }

    /// <summary>The same cédula with its check digit replaced by a wrong one.</summary>
    public static string WithWrongCheckDigit(string valid) => valid[..9] + (char)('0' + (valid[9] - '0' + 1) % 10);
}
