import { DefinitionTexts } from './definition-texts';

// The exact definitions of the catalogue in Chinese: the same rules as the English `formula`,
// `numerator`, `denominator` and `provisional` of each KPI (the English text is the reference).

const DELIVERY_RULE = '车辆在交车时确认收入，计入门店日历中交车的业务日期；退车是退车业务日期上的一笔负数记录，绝不改写交车所在月份。';
const RO_RULE =
  '维修工单的工时、配件和外协在结算关单时确认，计入关单的业务日期；工单重开时在重开日期冲回，再次关单时按新的金额计入新的关单日期。内部工单和售前检查（PDI）工单不计入任何售后指标。';
const CSI_RULE =
  '一份问卷的得分 = 各题答案的加权平均，每题先按其自身量表换算为 0–100：（答案 − 最小值）÷（最大值 − 最小值）× 100。问卷归属于其所对应事件（售后为工单关单，销售为交车）所在的期间，无论何时收回：迟到的问卷会重述该期间。按问卷来源（内部回访、厂家调查、神秘顾客）分别统计。';

export const DEFINITIONS_ZH_CN: DefinitionTexts = {
  revenue: {
    formula:
      '各收入来源的不含税净额之和：新车、二手车、维修工时、维修配件、维修外协、配件柜台销售、精品附件。各来源按其自身的确认规则计入（见对应指标）。回款、订单和门店间调拨都不是收入；购车人缴纳的购置税不是经销商收入。',
  },
  revenue_new_vehicles: { formula: `已交付新车的发票净额之和 − 新车退车冲回的发票净额之和。${DELIVERY_RULE}` },
  revenue_used_vehicles: { formula: `已交付二手车的发票净额之和 − 二手车退车冲回的发票净额之和。${DELIVERY_RULE}` },
  units_delivered: { formula: '业务日期在本期的交车次数（退车单独统计，不相减）。' },
  units_returned: { formula: '业务日期在本期的退车次数。' },
  vehicle_returns_amount: { formula: '本期退车冲回的发票净额之和，以正数单列一行显示。' },
  vehicle_gross_profit: { formula: `交车的（发票净额 − 成本净额）之和 − 退车冲回的（发票净额 − 成本净额）之和，均不含税。${DELIVERY_RULE}` },
  vehicle_gross_margin: {
    formula: '整车毛利 ÷ 同一批交车和退车的整车收入（新车 + 二手车）。',
    numerator: '整车毛利',
    denominator: '整车收入（不含税）',
  },
  gross_profit_per_new_vehicle: {
    formula: `新车毛利（交车的发票净额 − 成本净额之和，减去其退车冲回的发票净额 − 成本净额，均不含税）÷ 同期扣除退车后的新车交车台数（交车 − 退车）。新车与二手车从不混算：各有各的指标。${DELIVERY_RULE}`,
    numerator: '已交付新车扣除退车后的毛利',
    denominator: '新车交车台数 − 新车退车台数',
  },
  gross_profit_per_used_vehicle: {
    formula: `二手车毛利（交车的发票净额 − 成本净额之和，减去其退车冲回的发票净额 − 成本净额，均不含税）÷ 同期扣除退车后的二手车交车台数（交车 − 退车）。新车与二手车从不混算：各有各的指标。${DELIVERY_RULE}`,
    numerator: '已交付二手车扣除退车后的毛利',
    denominator: '二手车交车台数 − 二手车退车台数',
  },
  collections: { formula: '收款（定金、尾款、贷款）含税金额之和 − 退款之和，计入收款的业务日期。回款从不是收入。' },
  leads: { formula: '本期新建的线索数，可按来源（到店、来电、网络、转介绍）和客户类型细分。' },
  referral_leads: {
    formula:
      '本期来源为转介绍的新建线索数（按线索的业务日期），即线索数在该来源下显示的同一批线索；按介绍人维度，计给线索所记的介绍人客户（线索第 2 版事件；未记录时为空）。',
  },
  referral_sales: {
    formula: `本期交付车辆（新车和二手车）的发票净额之和 − 本期其退车冲回的发票净额之和，限于订单（该笔销售最新签订的订单）指向来源为转介绍的线索的销售，无论线索何时创建。没有订单、或订单未指向线索、或指向其他来源线索的销售，不算转介绍销售。计给订单上的销售顾问，并按介绍人维度计给线索所记的介绍人客户（线索第 2 版事件；未记录时为空）。${DELIVERY_RULE}`,
  },
  test_drives: { formula: '本期完成的试驾次数。' },
  orders_signed: { formula: '本期签订的订单数。订单从不是收入。' },
  lead_to_order_conversion: {
    formula:
      '本期新建、且在同一期间内至少签订一份订单的线索（同一门店，订单指向该线索）÷ 本期新建的线索。一条线索无论有几份订单只算一次；之后取消订单不会撤销转化；没有线索的订单不计入。按所查询的期间重新计算：1 月 31 日的线索在 2 月 2 日下单，计入第一季度的转化，不计入 1 月。',
    numerator: '本期新建且在同一期间内签订订单的线索',
    denominator: '本期新建的线索',
  },
  order_cancellations: { formula: '本期取消的订单数（按取消的业务日期）。' },
  discount_rate: {
    formula:
      '本期签订订单（按签订的业务日期）的（指导价 − 成交价）之和 ÷ 指导价之和，两者均按订单所载不含税金额。之后取消的订单不剔除；高于指导价成交的订单是负折扣，照此计入。在每个层级和期间都由合计值重新计算，绝不取各订单或各门店比率的平均。在保存指导价之前（迁移 0014）投影的订单，在投影重建之前不计入分子和分母。',
    numerator: '本期签订订单的（指导价 − 成交价）之和',
    denominator: '同一批订单的指导价之和',
  },
  service_revenue: { formula: `本期关单工单的工时 + 配件 + 外协不含税净额之和。领用到工单的配件计入此处，不计入配件柜台销售。${RO_RULE}` },
  service_labour_revenue: { formula: `本期关单工单的工时净额之和，按工时类别机修、钣金和油漆细分。${RO_RULE}` },
  service_parts_revenue: { formula: `本期关单工单所领用配件的净额之和（扣除退回仓库的部分）。${RO_RULE}` },
  insurance_revenue: { formula: `作业类型为保险（事故车）的工单的售后收入。${RO_RULE}` },
  repair_and_warranty_revenue: {
    formula: `作业类型为保养、维修、钣喷和索赔的工单的售后收入（保险、内部和售前检查以外的全部）。${RO_RULE}`,
  },
  vehicle_intakes: {
    formula: '本期关单工单背后的不同进厂接车次数（不含内部和售前检查工单）。一次进厂拆成多张工单（机修 + 钣金）只算一次；按日统计时，按每个业务日期同样计数。',
  },
  per_vehicle_yield: {
    formula: '本期关单工单的售后收入 ÷ 这些工单背后的进厂台次。也按业务类型细分（保险与客户维修、保养和索赔），分子和分母取自同一类型。',
    numerator: '本期关单工单的售后收入',
    denominator: '这些工单背后的不同进厂接车次数',
  },
  rework_rate: {
    formula:
      '本期关单、且在原工单关单后 W 天内开出返修工单（同一故障，关联原工单）的工单 ÷ 本期关单的工单（W 默认 30 天，由总部设置）。返修计给原工单的门店、技师和期间。不含内部和售前检查工单。',
    numerator: '本期关单、且关单后 W 天内开出返修工单的工单',
    denominator: '本期关单的工单',
    provisional: '期间最后一天之后满 W 天前，该期间为暂定：返修仍可能到来。',
  },
  hours_sold: { formula: `本期关单工单工时行的销售工时之和。${RO_RULE}` },
  effective_labour_rate: {
    formula: '工时收入 ÷ 销售工时，取自本期关单的同一批工单。',
    numerator: '工时收入净额',
    denominator: '销售工时',
  },
  technician_efficiency: {
    formula: '本期关单工单工时行的销售工时 ÷ 实际工时，按技师统计，班组为合计。',
    numerator: '销售工时',
    denominator: '实际工时',
  },
  hours_per_repair_order: {
    formula:
      '本期关单的客户付费、保险和索赔工单的销售工时 ÷ 这些工单数（内部和售前检查工单两边都不计）。一张工单计入其关单所在期间一次，工时取该次关单时的数；在期间内关单、重开再关单的，只算一次，取最后一次关单的工时；在之后期间重开的，仍计入其首次关单的期间（与返修率的基数一致）。按所查询的期间重新计算，绝不取各月平均。',
    numerator: '本期关单工单的销售工时',
    denominator: '本期关单的工单（不含内部和售前检查）',
  },
  appointment_share: {
    formula:
      '本期开单（按开单的业务日期）且关联预约的工单 ÷ 本期开单的工单。内部和售前检查工单两边都不计。每张工单都计数，因此同一预约下由一次进厂拆成的两张工单，分子分母各算两次。工单之后是否关单、重开或取消无关；从未转为工单的预约不计入任何一边。',
    numerator: '本期开单且有预约的工单',
    denominator: '本期开单的工单（不含内部和售前检查）',
  },
  warranty_approval_rate: {
    formula: '本期裁定为批准或部分批准的索赔申请 ÷ 本期裁定的索赔申请。',
    numerator: '裁定为批准或部分批准的索赔申请',
    denominator: '已裁定的索赔申请',
  },
  follow_up_within_3_working_days: {
    formula:
      '本期关单、且在关单后 3 个工作日内回访电话联系到客户的工单（由门店的节假日日历和调休工作日决定哪些天计入；天数由总部设置）÷ 本期关单的工单（不含内部和售前检查）。',
    numerator: '关单后 3 个工作日内回访联系到客户的已关单工单',
    denominator: '本期关单的工单',
    provisional: '期间的最后 3 个工作日过去之前，该期间为暂定。',
  },
  csi_service: {
    formula: `工单在本期关单的售后问卷的平均得分；关于内部和售前检查工单的问卷不计入。${CSI_RULE}`,
    numerator: '问卷得分之和',
    denominator: '问卷份数',
    provisional: '问卷在关单数周后才收回：期间最后一天之后满 60 天前为暂定，问卷陆续收回时重述。',
  },
  csi_sales: {
    formula: `交车在本期的销售问卷的平均得分。${CSI_RULE}`,
    numerator: '问卷得分之和',
    denominator: '问卷份数',
    provisional: '问卷在交车数周后才收回：期间最后一天之后满 60 天前为暂定，问卷陆续收回时重述。',
  },
  csi_response_rate: {
    formula: '对应本期的问卷份数 ÷ 本期关单的工单（售后；不含内部和售前检查）或交车台数（销售）。',
    numerator: '对应本期的问卷份数',
    denominator: '本期关单的工单（售后）或交车（销售）',
    provisional: '随迟到问卷收回而上升：期间最后一天之后满 60 天前为暂定。',
  },
  csi_top_box: {
    formula: '总体评价为量表最高档（答案 = 最大值）的问卷 ÷ 问卷份数，与满意度取同一批问卷。',
    numerator: '总体评价为量表最高档的问卷',
    denominator: '问卷份数',
  },
  complaints: { formula: '本期登记的投诉数。' },
  complaint_resolution_days: {
    formula: '本期解决的投诉从登记到解决的平均天数（含小数）：秒数之和 ÷ 投诉数 ÷ 86,400。',
    numerator: '从登记到解决的秒数之和（每条投诉精确计算，逐条相加即得）',
    denominator: '本期解决的投诉数',
  },
  parts_counter_sales: {
    formula:
      '配件销售（零售、快修店、其他经销商）净额之和 − 客户退回配件的净额之和，各按其业务日期。领用到工单的配件属于售后收入，不计入此处；门店间调拨不是收入。',
  },
  parts_margin: {
    formula: '（配件柜台销售净额 − 其成本净额）÷ 配件柜台销售净额，退货按冲回的金额和成本计入。',
    numerator: '配件柜台销售净额 − 成本净额',
    denominator: '配件柜台销售净额',
  },
  parts_fill_rate: {
    formula:
      '首次需求即由库存全额满足的需求行 ÷ 需求行，按需求的业务日期。需求行指柜台销售行、发往工单的配件（数量为正）或缺件订货（库存无法当即全额满足的柜台或车间需求）。当即满足的销售行和工单发料分子分母都计；缺件订货只计入分母，即使当即交付了部分数量。缺件到货后注明该缺件订货的销售行或发料不再算新的需求；退回仓库不是需求。',
    numerator: '首次需求即由库存全额满足的需求行',
    denominator: '需求行（柜台销售行、工单发料、缺件订货）',
  },
  genuine_parts_purchases: { formula: '标记为原厂件的配件入库成本净额之和 − 退回供应商的原厂件成本净额之和，各按其业务日期。' },
  accessory_sales: { formula: '精品附件销售净额之和，按销售的业务日期；随车销售的精品计入此处，不计入整车收入。' },
  stock_value: { formula: '本月月末库存盘点的金额。是存量而不是流量：门店之间相加，月份之间不相加——季度或年度显示其最后一个月的盘点值。' },
  aged_stock_value: { formula: '月末盘点中库龄 181–365 天和 365 天以上两档的金额。是存量：与库存金额一样，绝不按月相加。' },
  attainment_quota: {
    formula: '实际值 ÷ 总部为同一指标、期间和层级设定的任务（现行版本）。未设任务：无达成率。',
    numerator: '该层级本期的指标实际值',
    denominator: '该指标、期间和层级的任务',
  },
  attainment_stretch: {
    formula: '实际值 ÷ 同一指标、期间和层级的目标（现行版本）。',
    numerator: '指标实际值',
    denominator: '目标',
  },
  annual_plan_progress: {
    formula: '年初至今实际值 ÷ 同一指标和层级的年度计划（任务，或按要求取目标）。月度计划不会相加成年度计划。',
    numerator: '1 月 1 日至期末的实际值',
    denominator: '年度计划',
  },
  growth_mom: { formula: '（本期实际值 − 上期实际值）÷ 上期实际值，同一层级。任一期间内开业的门店会被标注：不可同口径比较。' },
  growth_yoy: { formula: '（本期实际值 − 上年同期实际值）÷ 上年同期实际值，同一层级。在上年同期开始之后开业的门店会被标注：不可同口径比较。' },
};
