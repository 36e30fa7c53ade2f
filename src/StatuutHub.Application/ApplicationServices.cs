using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Application.Acks;
using StatuutHub.Application.Intake;
using StatuutHub.Application.Support;

namespace StatuutHub.Application;

/// <summary>Registers the use cases; the host registers the store's roles, the validator and the delivery engine they use.</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddStatuutHubApplication(this IServiceCollection services)
    {
        services.AddSingleton<AttestIntake>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<DeadlineWatch>();
        services.AddSingleton<AnswerDates>();
        services.AddSingleton<AgencyDecisions>();
        services.AddSingleton<SupportDesk>();
        services.AddTransient<DeliveryInspection>(); // the adapters it composes with are transient (typed HttpClients)
        services.AddSingleton<ParticipantHistory>();
        services.AddSingleton<StoreBackups>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddSingleton<Reconciliation.DecisionReconciler>();
        services.AddSingleton<Jobs.IPeriodicJob, Reconciliation.ReconciliationJob>();
        services.AddSingleton<Jobs.IPeriodicJob, Jobs.QueueGaugesJob>();
        services.AddHostedService<Jobs.PeriodicJobs>();
        return services;
    }
}
