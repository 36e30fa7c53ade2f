namespace StatuutHub.Host.ApiDocs;

/// <summary>An operation's id in the API description, made from its method and route: stable while the route is, unique because
/// a route and method are, and a valid identifier for generated clients (<c>get_api_v1_attests_attestId</c>). A parameter's route
/// constraint is not part of it (<c>{attestId:guid}</c> reads as <c>attestId</c>).</summary>
public static class OperationIds
{
    public static string Of(string method, string route)
    {
        var words = route.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => segment.Split(':')[0])
            .Select(segment => new string([.. segment.Where(c => char.IsAsciiLetterOrDigit(c))]))
            .Where(word => word.Length > 0);
        return string.Join('_', words.Prepend(method.ToLowerInvariant()));
    }
}
