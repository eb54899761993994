# Builds the self-contained net9.0 web app (ADR-001) and runs it with the database on a volume.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/FinOpsDashboard.Web -c Release -o /app \
 && cp -r wwwroot /app/wwwroot \
 && dotnet publish src/FinOpsDashboard.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/runtime-deps:9.0
WORKDIR /app
COPY --from=build /app .
ENV Urls=http://0.0.0.0:8080 \
    Database__Path=/data/finops.db
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["./FinOpsDashboard.Web"]
