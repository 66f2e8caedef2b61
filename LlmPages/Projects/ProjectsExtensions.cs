namespace LlmPages.Projects;

public static class ProjectsExtensions
{
    /// <summary>Projects: a person's folders of chats, with defaults new chats in them start with.</summary>
    public static IHostApplicationBuilder AddProjects(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProjectStore>();
        builder.Services.AddScoped<ProjectList>();
        builder.Services.AddScoped<ProjectChats>();
        return builder;
    }
}
