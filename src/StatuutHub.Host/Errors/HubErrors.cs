using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace StatuutHub.Host.Errors;

/// <summary>Every problem answer carries a correlation id (the trace id, also in the <c>X-Correlation-Id</c> header and in
/// the log lines of the request), and an unhandled exception becomes a 500 problem in Dutch and English that says no more
/// than that id: the stack trace goes to the log only.</summary>
public static class HubErrors
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public static void AddStatuutHubErrors(this IServiceCollection services) => services.AddProblemDetails(o =>
        o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["correlationId"] = CorrelationId(context.HttpContext);
            if (context.Exception is { } full && StatuutHub.Storage.StoreFaults.IsDiskFull(full))
            {
                // The store's disk is full: the transaction was rolled back whole; an operator must make room.
                problem.Title = "Store full";
                problem.Detail = "De schijf van de opslag is vol: er werd niets bewaard, ook niet half. Probeer het opnieuw na Retry-After; het staat in het logboek van de hub. / The store's disk is full: nothing was stored, not even in part. Try again after Retry-After; it is in the hub's log.";
                problem.Type = "https://statuuthub.be/problems/store-full";
                problem.Extensions["code"] = "STORE_FULL";
                context.HttpContext.Response.Headers.RetryAfter = "60";
            }
            else if (context.Exception is { } unavailable && StoreUnavailable(unavailable))
            {
                // The database is down or unreachable: the caller may try again; nothing was half-written (one transaction).
                problem.Title = "Store unavailable";
                problem.Detail = "De opslag van de hub is tijdelijk niet bereikbaar; probeer het opnieuw na Retry-After. / The hub's store is unavailable for a moment; try again after Retry-After.";
                problem.Type = "https://statuuthub.be/problems/store-unavailable";
                problem.Extensions["code"] = "STORE_UNAVAILABLE";
                context.HttpContext.Response.Headers.RetryAfter = "5";
            }
            else if (context.Exception is not null)
            {
                problem.Title = "Internal error";
                problem.Detail = "Er ging iets mis in de hub; meld het met deze correlationId. / Something went wrong in the hub; report it with this correlationId.";
                problem.Type = "https://statuuthub.be/problems/internal-error";
                problem.Extensions["code"] = "INTERNAL_ERROR";
            }
        });

    /// <summary>Exceptions as problem details, and the correlation id on every response.</summary>
    public static void UseStatuutHubErrors(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            // At the start of the answer: the exception handler clears the headers set before it.
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[CorrelationHeader] = CorrelationId(http);
                return Task.CompletedTask;
            });
            return next(http);
        });
        // No path: the IProblemDetailsService writes the answer (JSON problem details, whatever the endpoint).
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => StatuutHub.Storage.StoreFaults.IsDiskFull(ex) || StoreUnavailable(ex) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
        });
    }

    /// <summary>A failure to reach the database (server down, connection refused or cut), not a fault of the request.</summary>
    public static bool StoreUnavailable(Exception ex) => ex switch
    {
        System.Data.Common.DbException { IsTransient: true } => true,
        TimeoutException => true,
        _ => ex.InnerException is { } inner && StoreUnavailable(inner),
    };

    /// <summary>The request's trace id (W3C), so a caller's report finds the trace and the log lines.</summary>
    public static string CorrelationId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
