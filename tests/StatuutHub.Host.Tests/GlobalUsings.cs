global using StatuutHub.Tests.Shared;
