// The one catalogue of Alibaba Cloud error codes specshift answers with: the POP gateway's
// (protocol, signature, clock, replay, throttling), ECS's and BSS's own. Every refusal of the Alibaba
// provider is built from an entry here, so a code, its HTTP status and its message live in
// exactly one place.
//
// Sources, per group below: ModifyInstanceSpec's error table (seed 004) gives most ECS codes with
// their statuses and messages verbatim; the other operations' pages (shared/reference/aliyun-ecs.md
// §6-§9) give theirs; gateway codes come from Alibaba's common error tables and from real replies
// quoted in SDK issues. Where the message of a code was never published, the entry says so and
// the text is specshift's. The SDKs read only Code, Message and RequestId: the code and status
// decide the client's error class, the message is for people reading logs.

export interface AliyunErrorSpec {
  /** the wire Code; several entries may share one code with different statuses (see the keys) */
  readonly code: string;
  readonly httpStatus: number;
  /** `%s`, where present, is replaced by the subject (a parameter name, a detail) */
  readonly message: string;
}

export const ALIYUN_ERRORS = {
  // ---- gateway: request shape (common error tables; "Action or Version" as the gateway words it)
  MissingParameter: {
    code: 'MissingParameter',
    httpStatus: 400,
    message: 'The input parameter "%s" that is mandatory for processing this request is not supplied.',
  },
  InvalidParameter: {
    code: 'InvalidParameter',
    httpStatus: 400,
    message: 'The specified parameter "%s" is not valid.',
  },
  // ---- gateway: signatures and credentials (see rpc-request.ts for when each is raised)
  // Seen from ecs.aliyuncs.com (PopGw, HTTP 400) for a signature it cannot even evaluate.
  IncompleteSignature: {
    code: 'IncompleteSignature',
    httpStatus: 400,
    message: 'The request signature does not conform to Aliyun standards.',
  },
  InvalidSignatureMethod: {
    code: 'InvalidSignatureMethod',
    httpStatus: 400,
    message: 'Specified signature method is not supported.',
  },
  // The gateway appends " server string to sign is:<string>" (see signatureMismatchError).
  SignatureDoesNotMatch: {
    code: 'SignatureDoesNotMatch',
    httpStatus: 400,
    message: 'Specified signature is not matched with our calculation.',
  },
  'InvalidTimeStamp.Format': {
    code: 'InvalidTimeStamp.Format',
    httpStatus: 400,
    message: 'Specified time stamp or date value is not well formatted.',
  },
  // Timestamp / x-acs-date further than 15 minutes from the server clock.
  'InvalidTimeStamp.Expired': {
    code: 'InvalidTimeStamp.Expired',
    httpStatus: 400,
    message: 'Specified time stamp or date value is expired.',
  },
  // A SignatureNonce / x-acs-signature-nonce seen within the 15-minute window.
  SignatureNonceUsed: {
    code: 'SignatureNonceUsed',
    httpStatus: 400,
    message: 'Specified signature nonce was used already.',
  },
  // 404 per Alibaba's published common error tables.
  'InvalidAccessKeyId.NotFound': {
    code: 'InvalidAccessKeyId.NotFound',
    httpStatus: 404,
    message: 'Specified access key is not found.',
  },
  'InvalidAccessKeyId.Inactive': {
    code: 'InvalidAccessKeyId.Inactive',
    httpStatus: 400,
    message: 'Specified access key is disabled.',
  },
  // An STS key sent without its token. Message from Alibaba's STS FAQ; status unpublished, 400.
  MissingSecurityToken: {
    code: 'MissingSecurityToken',
    httpStatus: 400,
    message: 'SecurityToken is mandatory for this action.',
  },
  'InvalidSecurityToken.Expired': {
    code: 'InvalidSecurityToken.Expired',
    httpStatus: 400,
    message: 'Specified SecurityToken is expired.',
  },
  'InvalidSecurityToken.Malformed': {
    code: 'InvalidSecurityToken.Malformed',
    httpStatus: 400,
    message: 'Specified SecurityToken is malformed.',
  },
  'InvalidSecurityToken.MismatchWithAccessKey': {
    code: 'InvalidSecurityToken.MismatchWithAccessKey',
    httpStatus: 400,
    message: 'Specified SecurityToken mismatch with the AccessKey.',
  },
  // ---- gateway: routing, versions, load
  // What the POP gateway answers for an API it does not know (the brief, and real replies).
  'InvalidAction.NotFound': {
    code: 'InvalidAction.NotFound',
    httpStatus: 404,
    message: 'Specified api is not found, please check your url and method.',
  },
  // Quoted from real replies of ecs.aliyuncs.com (aliyun-openapi-java-sdk issue 23).
  InvalidVersion: {
    code: 'InvalidVersion',
    httpStatus: 400,
    message: 'Specified parameter Version is not valid.',
  },
  // Seed 004 (400, message verbatim). The SDK raises ThrottlingError for any code containing it.
  Throttling: {
    code: 'Throttling',
    httpStatus: 400,
    message: 'Request was denied due to request throttling, please try again after 5 minutes.',
  },
  // Alibaba's flow-control variants (common error tables, HTTP 400); the SDKs raise ThrottlingError
  // for any code containing "Throttling". Answered only for injected faults.
  'Throttling.User': {
    code: 'Throttling.User',
    httpStatus: 400,
    message: 'Request was denied due to user flow control.',
  },
  'Throttling.Api': {
    code: 'Throttling.Api',
    httpStatus: 400,
    message: 'Request was denied due to api flow control.',
  },
  // Body over the server's limit. Code and message are specshift's (the real limit is unpublished).
  RequestEntityTooLarge: {
    code: 'RequestEntityTooLarge',
    httpStatus: 413,
    message: 'The request body is too large.',
  },
  // A failure of specshift itself. Deliberately a 4xx: only an injected fault answers 5xx.
  UnknownError: {
    code: 'UnknownError',
    httpStatus: 400,
    message: 'The request processing has failed due to some unknown error.',
  },
  // The common error table's UnknownError, 500, as the real service answers it: only for a fault
  // injected through the control API (the 400 above is specshift's own defect).
  'UnknownError:injected': {
    code: 'UnknownError',
    httpStatus: 500,
    message: 'The request processing has failed due to some unknown error, exception or failure.',
  },
  // Alibaba's common error table: the service is down for a moment; every SDK retries a 503.
  // specshift answers it when a node has lost its database connection (nothing was committed).
  ServiceUnavailable: {
    code: 'ServiceUnavailable',
    httpStatus: 503,
    message: 'The request has failed due to a temporary failure of the server.',
  },
  // Seed 004: 500. Answered only for a fault injected through POST /_specshift/faults.
  InternalError: {
    code: 'InternalError',
    httpStatus: 500,
    message: 'The request processing has failed due to some unknown error, exception or failure.',
  },
  // ECS error tables: the answer to a DryRun that would have succeeded.
  DryRunOperation: {
    code: 'DryRunOperation',
    httpStatus: 400,
    message: 'Request validation has been passed with DryRun flag set.',
  },

  // ---- ECS: look-ups (ModifyInstanceSpec table; the region and zone codes from the Describe* pages)
  'InvalidInstanceId.NotFound': {
    code: 'InvalidInstanceId.NotFound',
    httpStatus: 404,
    message: 'The specified InstanceId does not exist.',
  },
  'InvalidRegionId.NotFound': {
    code: 'InvalidRegionId.NotFound',
    httpStatus: 404,
    message: 'The specified RegionId does not exist.',
  },
  'InvalidZoneId.NotFound': {
    code: 'InvalidZoneId.NotFound',
    httpStatus: 404,
    message: 'The specified ZoneId does not exist.',
  },
  // DescribeResourcesModification: the code for an unknown ResourceId is unpublished (specshift's).
  'InvalidResourceId.NotFound': {
    code: 'InvalidResourceId.NotFound',
    httpStatus: 404,
    message: 'The specified ResourceId is not found.',
  },
  // DescribeResourcesModification: missing DestinationResource (status from its page).
  'Invalid.Param': {
    code: 'Invalid.Param',
    httpStatus: 400,
    message: 'The input parameter "%s" that is mandatory for processing this request is not supplied.',
  },
  // DescribeInstances error table.
  'InvalidStatus.NotFound': {
    code: 'InvalidStatus.NotFound',
    httpStatus: 404,
    message: 'The specified Status is not found.',
  },
  'InvalidInstanceChargeType.NotFound': {
    code: 'InvalidInstanceChargeType.NotFound',
    httpStatus: 404,
    message: 'The InstanceChargeType does not exist in our records.',
  },
  'InvalidTag.Mismatch': {
    code: 'InvalidTag.Mismatch',
    httpStatus: 400,
    message: 'The specified Tag.n.Key and Tag.n.Value are not match.',
  },

  // ---- ECS: ModifyInstanceSpec (seed 004; statuses and messages verbatim)
  ChargeTypeViolation: {
    code: 'ChargeTypeViolation',
    httpStatus: 403,
    message: 'The operation is not permitted due to charge type of the instance.',
  },
  'InvalidParameter.Mismatch': {
    code: 'InvalidParameter.Mismatch',
    httpStatus: 400,
    message: 'Too many parameters in one request.',
  },
  'InvalidInstanceStatus.NotStopped': {
    code: 'InvalidInstanceStatus.NotStopped',
    httpStatus: 400,
    message: 'The specified Instance status is not stopped.',
  },
  'InvalidStatus.ValueNotSupported': {
    code: 'InvalidStatus.ValueNotSupported',
    httpStatus: 403,
    message: 'The current status of the resource does not support this operation.',
  },
  'InvalidAction.NotSupport': {
    code: 'InvalidAction.NotSupport',
    httpStatus: 400,
    message: 'The ecs on dedicatedHost not support modify instanceType.',
  },
  'InvalidInstanceType.ValueNotSupported': {
    code: 'InvalidInstanceType.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified InstanceType does not exist or beyond the permitted range.',
  },
  // Same code, 403: the type exists but the instance's zone does not offer it.
  'InvalidInstanceType.ValueNotSupported:zone': {
    code: 'InvalidInstanceType.ValueNotSupported',
    httpStatus: 403,
    message: 'The specified zone does not offer the specified instancetype.',
  },
  'InstanceType.Offline': {
    code: 'InstanceType.Offline',
    httpStatus: 403,
    message: 'The specified InstanceType has been offline.',
  },
  'DependencyViolation.InstanceType': {
    code: 'DependencyViolation.InstanceType',
    httpStatus: 400,
    message: 'The current InstanceType cannot be changed to the specified InstanceType.',
  },
  'OperationDenied.NoStock': {
    code: 'OperationDenied.NoStock',
    httpStatus: 403,
    message: 'The resource is out of usage.',
  },
  'Downgrade.NotSupported': {
    code: 'Downgrade.NotSupported',
    httpStatus: 400,
    message: 'Downgrade operation is not supported.',
  },
  'Account.Arrearage': {
    code: 'Account.Arrearage',
    httpStatus: 400,
    message: 'Your account has an outstanding payment.',
  },
  InstanceLockedForSecurity: {
    code: 'InstanceLockedForSecurity',
    httpStatus: 403,
    message: 'The specified operation is denied as your instance is locked for security reasons.',
  },
  'OperationDenied.UnpaidOrder': {
    code: 'OperationDenied.UnpaidOrder',
    httpStatus: 403,
    message: 'The specified instance has unpaid order.',
  },
  'InvalidInstance.EipNotSupport': {
    code: 'InvalidInstance.EipNotSupport',
    httpStatus: 403,
    message: 'The specified instance with eip is not supported, please unassociate eip first.',
  },
  'BandwidthUpgradeDenied.EipBoundInstance': {
    code: 'BandwidthUpgradeDenied.EipBoundInstance',
    httpStatus: 400,
    message: 'The specified VPC instance has bound EIP, temporary bandwidth upgrade is denied.',
  },
  'InvalidParameter.Bandwidth': {
    code: 'InvalidParameter.Bandwidth',
    httpStatus: 400,
    message: 'The specified parameter Bandwidth is not valid.',
  },
  'QuotaExceed.ElasticQuota': {
    code: 'QuotaExceed.ElasticQuota',
    httpStatus: 403,
    message: 'No additional quota is available for the specified ECS instance type.',
  },
  // The published message is "%s"; the detail is specshift's.
  'QuotaExceeded.InternetBandwidth': {
    code: 'QuotaExceeded.InternetBandwidth',
    httpStatus: 400,
    message: '%s',
  },
  'InvalidParam.SystemDiskCategory': {
    code: 'InvalidParam.SystemDiskCategory',
    httpStatus: 400,
    message: 'The specified param SystemDisk.Category is not valid.',
  },
  'InvalidParameter.AllowMigrateAcrossZone': {
    code: 'InvalidParameter.AllowMigrateAcrossZone',
    httpStatus: 400,
    message: 'The specified parameter CanMigrateAcrossZone is not valid.',
  },
  'InvalidParam.Async': {
    code: 'InvalidParam.Async',
    httpStatus: 400,
    message: 'The specified parameter async is not valid.',
  },
  'InvalidClientToken.ValueNotSupported': {
    code: 'InvalidClientToken.ValueNotSupported',
    httpStatus: 400,
    message: 'The ClientToken provided is invalid.',
  },
  IdempotenceParamNotMatch: {
    code: 'IdempotenceParamNotMatch',
    httpStatus: 400,
    message: 'There is a idempotence signature mismatch between this and last request.',
  },
  // ECS common errors: a request conflicting with one still running. Injected conflicts only.
  OperationConflict: {
    code: 'OperationConflict',
    httpStatus: 403,
    message: 'Request was denied due to conflict with a previous request, please try again later.',
  },
  LastTokenProcessing: {
    code: 'LastTokenProcessing',
    httpStatus: 403,
    message: 'The last token request is processing.',
  },
  // The published message is "%s"; the detail is specshift's.
  'InvalidParameter.NotMatch': {
    code: 'InvalidParameter.NotMatch',
    httpStatus: 403,
    message: '%s',
  },
  'InvalidAccountStatus.NotEnoughBalance': {
    code: 'InvalidAccountStatus.NotEnoughBalance',
    httpStatus: 403,
    message: 'Your account does not have enough balance.',
  },

  // ---- ECS: ModifyPrepayInstanceSpec (codes and statuses from its page; messages specshift's
  // where the page gives none)
  'InvalidInstanceChargeType.ValueNotSupported': {
    code: 'InvalidInstanceChargeType.ValueNotSupported',
    httpStatus: 400,
    message: 'The charge type of the specified instance does not support this operation.',
  },
  'InvalidStatus.NotStopped': {
    code: 'InvalidStatus.NotStopped',
    httpStatus: 400,
    message: 'The specified instance is not in the Stopped state.',
  },
  'InstanceDowngrade.QuotaExceed': {
    code: 'InstanceDowngrade.QuotaExceed',
    httpStatus: 400,
    message: 'The instance has been downgraded the maximum number of times.',
  },
  LastOrderProcessing: {
    code: 'LastOrderProcessing',
    httpStatus: 400,
    message: 'The previous order is still processing, please try again later.',
  },

  // ---- ECS: ModifyInstanceSpec / ModifyPrepayInstanceSpec, the rest of the current error tables
  // (help pages with change logs to 2025-12-03; statuses and messages verbatim unless marked)
  // MIS: an instance with local disks (d/i families) cannot change its configuration.
  CategoryViolation: {
    code: 'CategoryViolation',
    httpStatus: 403,
    message: 'The specified instance does not support this operation because of its disk category.',
  },
  // MPIS's code for the same cause.
  'OperationDenied.LocalDiskUnsupported': {
    code: 'OperationDenied.LocalDiskUnsupported',
    httpStatus: 403,
    message: 'The configuration change is not allowed when the specified instance has local disks mounted.',
  },
  // The instance's image cannot run on the target type (the world's images say which).
  ImageNotSupportInstanceType: {
    code: 'ImageNotSupportInstanceType',
    httpStatus: 403,
    message: 'The specified image do not support the InstanceType instance.',
  },
  'ImageNotSupportInstanceType:prepay': {
    code: 'ImageNotSupportInstanceType',
    httpStatus: 403,
    message: 'The specified image does not support the specified InstanceType.',
  },
  'ImageNotSupportInstanceType:marketplace': {
    code: 'ImageNotSupportInstanceType',
    httpStatus: 403,
    message: 'The specified instanceType is not supported by instance with marketplace image.',
  },
  // MIS: the image's properties (NVMe) conflict with the target type's.
  'InvalidParameter.Conflict:image': {
    code: 'InvalidParameter.Conflict',
    httpStatus: 400,
    message: 'The specified image does not support the specified instance type.',
  },
  // ModifyInstanceNetworkSpec: conflicting parameters; the detail is specshift's.
  'InvalidParameter.Conflict': {
    code: 'InvalidParameter.Conflict',
    httpStatus: 400,
    message: '%s',
  },
  // A type the account is not authorised for (whitelist-only families; the world's restricted types).
  'InvalidInstanceType.ValueUnauthorized': {
    code: 'InvalidInstanceType.ValueUnauthorized',
    httpStatus: 400,
    message: 'The specified InstanceType is not authorized.',
  },
  // MIS: a spec change booked for the next contract period has not taken effect yet.
  'InstanceSpecModification.NotEffective': {
    code: 'InstanceSpecModification.NotEffective',
    httpStatus: 403,
    message: 'The specified instance has been reserved for making a spec modification and not taken effective in the current contract period.',
  },
  // MPIS's code for the same cause; the page gives no message (specshift's).
  'InvalidOperation.InstanceRenewWithDowngradeInPlan': {
    code: 'InvalidOperation.InstanceRenewWithDowngradeInPlan',
    httpStatus: 400,
    message: 'The specified instance has a renewal with downgrade in plan.',
  },
  // MIS: an EIP in cut-through (BINDED) mode ("special instance with eip").
  'InvalidOperation.InstanceWithEipNotSupport': {
    code: 'InvalidOperation.InstanceWithEipNotSupport',
    httpStatus: 403,
    message: 'The special instance with eip not support operate, please unassociate eip first.',
  },
  // MPIS's message for the EIP family of refusals.
  'InvalidInstance.EipNotSupport:prepay': {
    code: 'InvalidInstance.EipNotSupport',
    httpStatus: 403,
    message: 'The special instance with eip not support operate, please unassociate eip first.',
  },
  // MIS and ModifyInstanceNetworkSpec: a billing method for network usage the region does not offer.
  'InvalidInternetChargeType.ValueNotSupported': {
    code: 'InvalidInternetChargeType.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified InternetChargeType is not valid.',
  },
  // MIS: the published message is "%s"; the detail (a preemptible instance) is specshift's.
  OperationDenied: {
    code: 'OperationDenied',
    httpStatus: 403,
    message: '%s',
  },
  // MPIS and ModifyInstanceNetworkSpec: an account that cannot place orders itself.
  'OperationDenied:user': {
    code: 'OperationDenied',
    httpStatus: 400,
    message: 'The current user does not support this operation.',
  },
  'InvalidRebootTime.MalFormed': {
    code: 'InvalidRebootTime.MalFormed',
    httpStatus: 400,
    message: 'The specified rebootTime is not valid.',
  },
  'InvalidRebootTime.ValueNotSupported': {
    code: 'InvalidRebootTime.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified RebootTime is not valid.',
  },

  // ---- ECS: ModifyInstanceNetworkSpec (error table of the page updated 2025-03-14, merged with 2021's)
  'InvalidInternetMaxBandwidthOut.ValueNotSupported': {
    code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified InternetMaxBandwidthOut is beyond the permitted range.',
  },
  'InvalidInternetMaxBandwidthIn.ValueNotSupported': {
    code: 'InvalidInternetMaxBandwidthIn.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified InternetMaxBandwidthIn is beyond the permitted range.',
  },
  'InvalidParam.AllocatePublicIp': {
    code: 'InvalidParam.AllocatePublicIp',
    httpStatus: 400,
    message: 'The specified param AllocatePublicIp is invalid.',
  },
  'InvalidOperation.InstanceStatusUnsupported': {
    code: 'InvalidOperation.InstanceStatusUnsupported',
    httpStatus: 400,
    message: 'The specified instance status is not supported for this operation, expect status is Running or Stopped.',
  },
  LastRequestProcessing: {
    code: 'LastRequestProcessing',
    httpStatus: 400,
    message: 'The previous request is still processing, please try again later.',
  },
  'InvalidStartTime.ValueNotSupported': {
    code: 'InvalidStartTime.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified StartTime is out of the permitted range.',
  },
  'InvalidEndTime.ValueNotSupported': {
    code: 'InvalidEndTime.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified EndTime is out of the permitted range.',
  },

  // ---- ECS: AllocatePublicIpAddress (error table of the page updated 2026-01-28)
  AllocateIpInvalidInstanceBandwidth: {
    code: 'AllocateIpInvalidInstanceBandwidth',
    httpStatus: 400,
    message: 'OperationDenied The InternetMaxBandwidthOut of the specified instance cannot be less than 0.',
  },
  // An EIP already carries the instance's public traffic.
  'OperationDenied:public-ip': {
    code: 'OperationDenied',
    httpStatus: 400,
    message: 'The specified instance already has a public IP.',
  },
  AllocatedAlready: {
    code: 'AllocatedAlready',
    httpStatus: 403,
    message: 'There is an IpAddress allocated already for the specified instance.',
  },
  'InvalidIpAddress.Malformed': {
    code: 'InvalidIpAddress.Malformed',
    httpStatus: 400,
    message: 'The specified parameter "IpAddress" is not valid.',
  },
  'InvalidIpAddress.NotPublic': {
    code: 'InvalidIpAddress.NotPublic',
    httpStatus: 403,
    message: 'The specified IP is not public address.',
  },
  IpInUse: {
    code: 'IpInUse',
    httpStatus: 403,
    message: 'The specified IP is already in use.',
  },
  'InvalidVlanId.NotFound': {
    code: 'InvalidVlanId.NotFound',
    httpStatus: 404,
    message: 'The VlanId provided does not exist in our records.',
  },

  // ---- ECS: the reads Terraform's alicloud_instance makes (each page's error table)
  'InvalidInstanceIds.Malformed': {
    code: 'InvalidInstanceIds.Malformed',
    httpStatus: 400,
    message: 'The specified parameter InstanceIds is not valid.',
  },
  // DescribeInstanceRamRole: neither InstanceIds nor RamRoleName (message specshift's).
  'InvalidParameter.AllEmpty': {
    code: 'InvalidParameter.AllEmpty',
    httpStatus: 403,
    message: 'The parameters InstanceIds and RamRoleName cannot both be empty.',
  },
  // DescribeInstanceAttachmentAttributes.
  'InvalidInstanceIds.NotFound': {
    code: 'InvalidInstanceIds.NotFound',
    httpStatus: 404,
    message: 'The specified InstanceIds does not exist.',
  },
  // DescribeInstanceMaintenanceAttributes: more than 100 InstanceId.N (message specshift's).
  InstanceIdLimitExceeded: {
    code: 'InstanceIdLimitExceeded',
    httpStatus: 403,
    message: 'The number of specified InstanceId exceeds the limit of 100.',
  },
  // DescribeInstanceAutoRenewAttribute: all of its codes are 403.
  'ChargeTypeViolation:renew': {
    code: 'ChargeTypeViolation',
    httpStatus: 403,
    message: 'Pay-As-You-Go instances do not support this operation.',
  },
  'InvalidParameter.ToManyInstanceIds': {
    code: 'InvalidParameter.ToManyInstanceIds',
    httpStatus: 403,
    message: 'The number of InstanceId exceeds the limit of 100.',
  },
  'InvalidParameter.InvalidInstanceId': {
    code: 'InvalidParameter.InvalidInstanceId',
    httpStatus: 403,
    message: 'The specified InstanceId is not valid.',
  },
  'InvalidParameter.RenewalStatus': {
    code: 'InvalidParameter.RenewalStatus',
    httpStatus: 403,
    message: 'The specified RenewalStatus is not valid.',
  },
  // DescribeDisks filters: codes and statuses from its page; the messages are specshift's.
  'InvalidDiskType.ValueNotSupported': {
    code: 'InvalidDiskType.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified DiskType is not valid.',
  },
  'InvalidCategory.ValueNotSupported': {
    code: 'InvalidCategory.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified Category is not valid.',
  },
  'InvalidDiskChargeType.NotFound': {
    code: 'InvalidDiskChargeType.NotFound',
    httpStatus: 404,
    message: 'The DiskChargeType does not exist in our records.',
  },
  'InvalidDiskIds.ValueNotSupported': {
    code: 'InvalidDiskIds.ValueNotSupported',
    httpStatus: 404,
    message: 'The specified parameter DiskIds is not valid.',
  },
  'InvalidLockReason.NotFound': {
    code: 'InvalidLockReason.NotFound',
    httpStatus: 404,
    message: 'The specified LockReason is not found.',
  },
  // Filter.N.Key other than CreationStartTime / CreationEndTime, and a malformed Filter.N.Value
  // (codes as Terraform's DescribeDisks wrapper knows them; statuses and messages specshift's).
  'InvalidFilterKey.NotFound': {
    code: 'InvalidFilterKey.NotFound',
    httpStatus: 404,
    message: 'The specified filter key is not found.',
  },
  InvalidFilterValue: {
    code: 'InvalidFilterValue',
    httpStatus: 400,
    message: 'The specified filter value is not valid.',
  },
  'InvalidStatus.ValueNotSupported:disk': {
    code: 'InvalidStatus.ValueNotSupported',
    httpStatus: 400,
    message: 'The specified Status is not valid.',
  },

  // ---- ECS: StopInstance / StartInstance and friends
  IncorrectInstanceStatus: {
    code: 'IncorrectInstanceStatus',
    httpStatus: 403,
    message: 'The current status of the resource does not support this operation.',
  },
  InstanceExpiredOrInArrears: {
    code: 'InstanceExpiredOrInArrears',
    httpStatus: 403,
    message: 'The specified operation is denied as your prepay instance is expired (prepay mode) or in arrears (afterpay mode).',
  },

  // ---- BSS (BssOpenApi 2017-12-14): the error table every BSS API page shares (QueryProductList,
  // QueryOrders, GetOrderDetail, QueryAccountBalance), all HTTP 400, messages verbatim. BSS words
  // the two parameter refusals its own way; the codes are the gateway's.
  'MissingParameter:bss': {
    code: 'MissingParameter',
    httpStatus: 400,
    message: 'The specified parameter %s is mandatory for this request.',
  },
  'InvalidParameter:bss': {
    code: 'InvalidParameter',
    httpStatus: 400,
    message: 'The specified parameter %s is not valid.',
  },
  // OwnerId naming an account that is neither the caller nor one of its partner customers.
  InvalidOwner: {
    code: 'InvalidOwner',
    httpStatus: 400,
    message: "The specified owner doesn't belong to caller.",
  },
  // GetOrderDetail with a well-formed OrderId that is no order of the caller's account. The real
  // code is unpublished; specshift answers the table's InvalidParameter (docs/aliyun-bss.md).
  'InvalidParameter:order': {
    code: 'InvalidParameter',
    httpStatus: 400,
    message: 'The specified parameter OrderId is not valid: order %s does not exist.',
  },
} as const satisfies Record<string, AliyunErrorSpec>;

export type AliyunErrorKey = keyof typeof ALIYUN_ERRORS;

/** Fills the `%s` of a catalogue message. */
export function errorMessage(key: AliyunErrorKey, subject = ''): string {
  return ALIYUN_ERRORS[key].message.replace('%s', subject);
}

/**
 * A refusal on its way to the wire: thrown by rules and handlers, rendered by the plugin's error
 * handler as `{ RequestId, HostId, Code, Message, Recommend }` with the catalogue's status.
 */
export class AliyunFailure extends Error {
  readonly code: string;
  readonly httpStatus: number;

  constructor(
    readonly key: AliyunErrorKey,
    subject = '',
    /** extra response headers (Throttling's x-acs-retry-after) */
    readonly headers: Readonly<Record<string, string>> = {},
    /** a message instead of the catalogue's, for codes whose published message is a bare "%s" */
    message?: string,
    /** why, in plain words, for the request log (never sent) */
    readonly reason?: string,
  ) {
    super(message ?? errorMessage(key, subject));
    this.name = 'AliyunFailure';
    this.code = ALIYUN_ERRORS[key].code;
    this.httpStatus = ALIYUN_ERRORS[key].httpStatus;
  }
}

/** Throws the refusal `key`; typed `never` so rule code reads as straight-line checks. */
export function refuse(key: AliyunErrorKey, subject = ''): never {
  throw new AliyunFailure(key, subject);
}
