using System.Diagnostics;
using OpenTelemetry;

namespace LlmPages.Telemetry;

/// <summary>
/// Drops the description of a failed model call's span. Microsoft.Extensions.AI writes the exception's message
/// there, and a model server's error words may quote the prompt (the reply keeps them for its owner; logs and
/// traces never carry them). The span keeps its error status and <c>error.type</c>.
/// </summary>
public sealed class UntrustedErrorText : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.Status == ActivityStatusCode.Error && data.StatusDescription is not null
            && data.Source.Name is ChatClientTelemetry.SourceName or AppActivities.SourceName)
        {
            data.SetStatus(ActivityStatusCode.Error);
        }
    }
}
