namespace IessBot.Cases;

/// <summary>
/// Ecuadorian business days (días término): Monday to Friday, except national holidays. TODO(helper cases-core):
/// the holidays of the Ley Orgánica de Servicio Público (fixed dates, Carnaval and Viernes Santo from Easter), with
/// the moves decreed each year and extra days configurable; time zone America/Guayaquil (UTC−5, no DST).
/// </summary>
public sealed class BusinessCalendar
{
}
