namespace IessBot.Filing;

/// <summary>The fields of a filing, in the order they are asked; all but the consent can be corrected from the summary.</summary>
public enum FilingField
{
    Category,
    Consent,
    Cedula,
    Phone,
    Email,
    Location,
    Address,
    Description,
    Place,
    Evidence,
}
