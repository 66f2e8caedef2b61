namespace LlmPages.Accounts;

/// <summary>Who may create an account on the register page.</summary>
public enum RegistrationMode
{
    /// <summary>Anyone; the account can be used at once.</summary>
    Open,

    /// <summary>Anyone, but the account waits in a queue until an admin approves it.</summary>
    Approval,

    /// <summary>No one (but the very first account); admins create accounts.</summary>
    Closed,
}
