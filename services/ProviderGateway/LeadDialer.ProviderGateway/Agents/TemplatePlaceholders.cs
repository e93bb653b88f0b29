using System.Text.RegularExpressions;

namespace LeadDialer.ProviderGateway.Agents;

/// <summary>
/// Finds the <c>{{placeholders}}</c> of an agent's templates, for both providers (Retell's dynamic
/// variables and Vapi's Liquid variables look alike): <c>{{name}}</c>, case-sensitive, and Liquid
/// filters allowed (<c>{{ first_name | upcase }}</c> counts as <c>first_name</c>).
/// </summary>
public static partial class TemplatePlaceholders
{
    // A Liquid output tag whose expression starts with a variable name; filters after '|' are allowed.
    [GeneratedRegex(@"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|[^}]*)?-?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Every distinct placeholder name, in order of first appearance, exactly as written.</summary>
    public static IReadOnlyList<string> Find(params IEnumerable<string?> templates)
    {
        var names = new List<string>();
        foreach (var template in templates)
        {
            if (string.IsNullOrEmpty(template))
            {
                continue;
            }

            foreach (Match match in Placeholder().Matches(template))
            {
                var name = match.Groups[1].Value;
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }
}
