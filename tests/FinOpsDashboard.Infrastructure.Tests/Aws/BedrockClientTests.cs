using System.Text.Json;
using FinOpsDashboard.Infrastructure.Aws;
using FinOpsDashboard.Infrastructure.Aws.Bedrock;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

public sealed class BedrockClientTests
{
    private const string ProfileArn = "arn:aws:bedrock:us-west-2:111122223333:application-inference-profile/abc123";

    [Fact]
    public async Task ListProvisionedModelThroughputs_IsASignedGet_InTheClientsRegion()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        var bedrock = aws.CreateClients(region: "us-west-2").Bedrock;

        var page = await bedrock.ListProvisionedModelThroughputsAsync(null, CancellationToken.None);

        var expected = await AwsTestData.Demo().ListProvisionedModelThroughputsAsync(null, default);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(page));
        var call = Assert.Single(aws.Requests);
        Assert.Equal(("GET", "/provisioned-model-throughputs", "maxResults=1000"), (call.Method, call.Path, call.Query));
        Assert.Equal(("bedrock", "us-west-2"), (call.Authorization!.Service, call.Authorization.Region));
        Assert.Null(call.Header("X-Amz-Target"));
    }

    [Fact]
    public async Task NextTokenAndType_TravelInTheQuery_Rfc3986Encoded()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        var profiles = new RecordingProfiles();
        aws.UseApis(profiles);
        var api = aws.CreateClients().InferenceProfiles;

        await api.ListInferenceProfilesAsync("APPLICATION", "tok/en+with=chars and space", CancellationToken.None);

        var call = Assert.Single(aws.Requests);
        Assert.Equal("/inference-profiles", call.Path);
        Assert.Equal("maxResults=1000&type=APPLICATION&nextToken=tok%2Fen%2Bwith%3Dchars%20and%20space", call.Query);
        Assert.Equal(("APPLICATION", "tok/en+with=chars and space"), profiles.LastList);
    }

    [Fact]
    public async Task ListTagsForResource_PostsTheArnAsResourceARN()
    {
        await using var aws = await FakeAwsServer.StartAsync();
        var profiles = new RecordingProfiles();
        aws.UseApis(profiles);
        var api = aws.CreateClients().InferenceProfiles;

        var tags = await api.ListTagsForResourceAsync(ProfileArn, CancellationToken.None);

        Assert.Equal([new ResourceTag("team", "search"), new ResourceTag("feature", "answers")], tags.Tags);
        var call = Assert.Single(aws.Requests);
        Assert.Equal(("POST", "/listTagsForResource"), (call.Method, call.Path));
        Assert.Equal("application/json", call.Header("Content-Type"));
        Assert.Contains("content-type", call.Authorization!.SignedHeaders);
        Assert.Equal($$"""{"resourceARN":"{{ProfileArn}}"}""", call.Body);
        Assert.Equal(ProfileArn, profiles.LastTagged);
    }

    [Fact]
    public async Task AccessDenied_ReadFromTheErrorTypeHeader_NamesTheMissingPermission()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail("ListProvisionedModelThroughputs", FakeFault.AccessDenied());
        var bedrock = aws.CreateClients().Bedrock;

        var e = await Assert.ThrowsAsync<AwsApiException>(() => bedrock.ListProvisionedModelThroughputsAsync(null, CancellationToken.None));

        Assert.Equal(("AccessDeniedException", 403, AwsErrorKind.AccessDenied), (e.ErrorCode, e.HttpStatus, e.Kind));
        Assert.Contains("bedrock:ListProvisionedModelThroughputs", e.Message, StringComparison.Ordinal);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task Throttled429_ThenServiceUnavailable_ThenSuccess()
    {
        await using var aws = await AwsTestData.StartWithDemoAsync();
        aws.Fail("ListProvisionedModelThroughputs", FakeFault.Throttle());
        aws.Fail("ListProvisionedModelThroughputs", FakeFault.ServiceUnavailable());
        var bedrock = aws.CreateClients().Bedrock;

        var page = await bedrock.ListProvisionedModelThroughputsAsync(null, CancellationToken.None);

        Assert.NotEmpty(page.ProvisionedModelSummaries);
        Assert.Equal(3, aws.Requests.Count);
    }

    private sealed class RecordingProfiles : IBedrockInferenceProfileApi
    {
        public (string Type, string? Token) LastList { get; private set; }
        public string? LastTagged { get; private set; }

        public Task<ListInferenceProfilesResponse> ListInferenceProfilesAsync(string type, string? nextToken, CancellationToken cancellationToken)
        {
            LastList = (type, nextToken);
            return Task.FromResult(new ListInferenceProfilesResponse([], null));
        }

        public Task<ListTagsForResourceResponse> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken)
        {
            LastTagged = resourceArn;
            return Task.FromResult(new ListTagsForResourceResponse([new ResourceTag("team", "search"), new ResourceTag("feature", "answers")]));
        }
    }
}
