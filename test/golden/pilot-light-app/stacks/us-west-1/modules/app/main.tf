# Stands in for a team's service module: an internet-facing Application Load Balancer, and the inputs a real
# service (an ECS service behind it) would take. topoform instantiates it once per region.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "image" {
  description = "Container image the service runs."
  type        = string
}

variable "desired_count" {
  description = "Tasks to run in this region (topoform sets it from the region's capacity)."
  type        = number
  validation {
    condition     = var.desired_count >= 0
    error_message = "desired_count must not be negative."
  }
}

variable "subnet_ids" {
  description = "Public subnets of the load balancer, in at least two Availability Zones."
  type        = list(string)
}

resource "aws_lb" "service" {
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.subnet_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  tags = {
    image         = var.image
    desired_count = tostring(var.desired_count)
  }
}

output "dns_name" {
  value = aws_lb.service.dns_name
}

output "zone_id" {
  value = aws_lb.service.zone_id
}

output "arn" {
  value = aws_lb.service.arn
}
