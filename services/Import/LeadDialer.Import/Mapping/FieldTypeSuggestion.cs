using LeadDialer.Contracts.CustomFields;
using LeadDialer.Import.Rows;

namespace LeadDialer.Import.Mapping;

/// <summary>
/// The type a new custom field is suggested to have: the narrowest type every value of the column
/// is, as the rows will read it (<see cref="RowReader.Normalize"/>). A column of only 0 and 1 is a
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
            number = number && RowReader.Normalize(value, CustomFieldTypes.Number) is not null;
            date = date && RowReader.Normalize(value, CustomFieldTypes.Date) is not null;
            boolean = boolean && RowReader.Normalize(value, CustomFieldTypes.Boolean) is not null;
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
