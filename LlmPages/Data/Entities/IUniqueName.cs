namespace LlmPages.Data.Entities;

/// <summary>
/// A record whose name is unique ignoring case among its peers (all records of its kind, or an owner's): the unique
/// index is on <see cref="NameKey"/>, which setting <see cref="Name"/> keeps (<see cref="NameKeys"/>).
/// </summary>
public interface IUniqueName
{
    string Name { get; set; }

    string? NameKey { get; }
}
