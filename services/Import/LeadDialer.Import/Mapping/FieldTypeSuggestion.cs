using LeadDialer.Contracts.CustomFields;
using LeadDialer.Rules;

namespace LeadDialer.Import.Mapping;

/// <summary>
/// The type a new custom field is suggested to have: the narrowest type every value of the column
/// is, as the rows will read it (<see cref="CustomFieldValue.TryParse"/>). A column of only 0 and 1 is a
/// number; true/yes/no make it a boolean. No values at all: text.
/// </summary>
public static class FieldTypeSuggestion
{
    public static string Suggest(IEnumerable<string> values)
    {
        bool number = true, date = true, boolean = true, any = false;
        foreach (var value in values)
        {
            // An empty cell is no value: the rows skip it whatever the type.
            if (value.Length == 0)
            {
                continue;
            }

            any = true;
            number = number && CustomFieldValue.TryParse(CustomFieldTypes.Number, value, out _, out _);
            date = date && CustomFieldValue.TryParse(CustomFieldTypes.Date, value, out _, out _);
            boolean = boolean && CustomFieldValue.TryParse(CustomFieldTypes.Boolean, value, out _, out _);
            if (!number && !date && !boolean)
            {
                return CustomFieldTypes.Text;
            }
        }

        return !any ? CustomFieldTypes.Text
            : number ? CustomFieldTypes.Number
            : boolean ? CustomFieldTypes.Boolean
            : date ? CustomFieldTypes.Date
            : CustomFieldTypes.Text;
    }
}
