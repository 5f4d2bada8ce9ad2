// The house runs Node 20 and the lockfile pins AWS SDK versions that support it; the SDK's
// notice that versions after January 2027 need Node 22 is known (see docs/running-locally.md) and would only
// bury this tool's own output. Imported first by the local CLIs; clients read it when built.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
