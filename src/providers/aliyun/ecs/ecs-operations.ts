// Every Alibaba ECS action specshift serves (ecs-action-names.ts lists them), by the official SDK's
// names, each with its handler. The compiler holds the two together: a listed action without a
// handler, or a handler for an unlisted one, does not build.
import type { ActionHandler } from './ecs-action-context.js';
import type { AliyunEcsAction } from './ecs-action-names.js';
import { describeInstanceTypes } from './actions/describe-instance-types.js';
import { describeInstanceAttribute, describeInstanceStatus, describeInstances } from './actions/describe-instances.js';
import { describeRegions, describeZones } from './actions/describe-regions.js';
import { describeResourcesModification } from './actions/describe-resources-modification.js';
import { modifyInstanceSpec } from './actions/modify-instance-spec.js';
import { modifyPrepayInstanceSpec } from './actions/modify-prepay-instance-spec.js';
import { startInstance, stopInstance } from './actions/power.js';
import { describeDisks, describeNetworkInterfaces } from './actions/describe-disks.js';
import {
  describeInstanceAttachmentAttributes,
  describeInstanceAutoRenewAttribute,
  describeInstanceMaintenanceAttributes,
  describeInstanceRamRole,
  describeUserData,
} from './actions/describe-instance-extras.js';
import { allocatePublicIpAddress, modifyInstanceNetworkSpec } from './actions/modify-instance-network-spec.js';

export const ECS_HANDLERS: Record<AliyunEcsAction, ActionHandler> = {
  ModifyInstanceSpec: modifyInstanceSpec,
  ModifyPrepayInstanceSpec: modifyPrepayInstanceSpec,
  DescribeInstances: describeInstances,
  DescribeInstanceAttribute: describeInstanceAttribute,
  DescribeInstanceStatus: describeInstanceStatus,
  StopInstance: stopInstance,
  StartInstance: startInstance,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeResourcesModification: describeResourcesModification,
  DescribeRegions: describeRegions,
  DescribeZones: describeZones,
  ModifyInstanceNetworkSpec: modifyInstanceNetworkSpec,
  AllocatePublicIpAddress: allocatePublicIpAddress,
  DescribeDisks: describeDisks,
  DescribeNetworkInterfaces: describeNetworkInterfaces,
  DescribeUserData: describeUserData,
  DescribeInstanceRamRole: describeInstanceRamRole,
  DescribeInstanceMaintenanceAttributes: describeInstanceMaintenanceAttributes,
  DescribeInstanceAutoRenewAttribute: describeInstanceAutoRenewAttribute,
  DescribeInstanceAttachmentAttributes: describeInstanceAttachmentAttributes,
};
