"""Hand-written content of the demo catalogue: departments, their items and shared materials.

Each item line is ``name_zh|name_en|type|statutory days|promised days|fee|result|materials|
keywords|monthly volume``. Types: 许可 给付 确认 征收 奖励 裁决 备案 其他 公共. Materials are
keys of ``MATERIALS``. Fees are keys of ``FEES``. Content is written for this project as
realistic demo data; it is not an official catalogue.
"""

from __future__ import annotations

# key: name, form, copies, source, sample text (示范文本), error example (错误示例)
MATERIALS: dict[str, tuple[str, str, int, str, str, str]] = {
    "idcard": (
        "居民身份证",
        "原件",
        1,
        "申请人",
        "在有效期内的居民身份证原件",
        "身份证已过有效期，或只带复印件",
    ),
    "hukou": (
        "居民户口簿",
        "原件",
        1,
        "申请人",
        "户主页和本人页齐全的户口簿",
        "缺少户主页，或本人页已注销",
    ),
    "photo": (
        "近期一寸免冠彩色照片",
        "原件",
        2,
        "申请人",
        "白色背景、露双耳、六个月内拍摄",
        "生活照、美颜照或背景不是白色",
    ),
    "photo_digital": (
        "数码照片回执",
        "原件",
        1,
        "照相馆或现场采集",
        "带回执号的合格数码照片回执",
        "回执超过六个月有效期",
    ),
    "form": (
        "申请表",
        "原件",
        1,
        "窗口领取或网上下载",
        "每项都已填写并由申请人签名",
        "漏填联系电话，或由他人代签名",
    ),
    "proxy": (
        "授权委托书及代理人身份证",
        "原件",
        1,
        "申请人出具",
        "写明委托事项、期限并由委托人签名",
        "委托事项写为“全权代理”而未写明事项",
    ),
    "marriage_cert": (
        "结婚证",
        "原件",
        1,
        "婚姻登记机关",
        "双方信息清晰的结婚证",
        "提交离婚证或已补发前的旧证",
    ),
    "birth_cert": (
        "出生医学证明",
        "原件",
        1,
        "助产医疗机构",
        "有医院公章和编号的出生医学证明",
        "只有住院病历，没有出生医学证明",
    ),
    "household_proof": (
        "合法稳定住所证明",
        "原件和复印件",
        1,
        "房管、村（居）委会或出租人",
        "房产证或经登记备案的租赁合同",
        "未备案的手写租房协议",
    ),
    "work_proof": (
        "就业或学习证明",
        "原件",
        1,
        "用人单位或学校",
        "加盖单位公章并注明起止时间",
        "只有单位负责人签字，没有公章",
    ),
    "business_license": (
        "营业执照",
        "原件和复印件",
        1,
        "市场监督管理部门",
        "在有效期内的营业执照正副本",
        "复印件未加盖企业公章",
    ),
    "articles": (
        "公司章程",
        "原件",
        1,
        "申请人",
        "全体股东签署的章程",
        "股东签名与身份证姓名不一致",
    ),
    "lease": (
        "经营场所使用证明",
        "原件和复印件",
        1,
        "产权人",
        "房产证复印件和租赁合同",
        "租赁合同已到期",
    ),
    "legal_rep": (
        "法定代表人身份证明",
        "原件",
        1,
        "企业",
        "法定代表人身份证及任职文件",
        "使用已卸任法定代表人的证明",
    ),
    "bank_card": (
        "本人社会保障卡或银行卡",
        "原件",
        1,
        "发卡银行",
        "本人名下、状态正常的银行账户",
        "使用他人名下的银行卡",
    ),
    "medical_bills": (
        "医疗费用票据及费用明细",
        "原件",
        1,
        "就诊医疗机构",
        "医疗收费电子票据和费用清单",
        "票据遗失后只提供收据复印件",
    ),
    "diagnosis": (
        "诊断证明或出院记录",
        "原件",
        1,
        "就诊医疗机构",
        "加盖医院诊断专用章",
        "只有门诊病历，没有医生签名",
    ),
    "property_cert": (
        "不动产权证书",
        "原件",
        1,
        "不动产登记机构",
        "权利人、坐落与申请一致",
        "证书已因转移登记而注销",
    ),
    "sale_contract": (
        "房屋买卖合同",
        "原件",
        1,
        "买卖双方",
        "已网签备案的买卖合同",
        "未备案的草签合同",
    ),
    "tax_proof": (
        "完税或减免税证明",
        "原件",
        1,
        "税务部门",
        "契税完税凭证",
        "税款所属期或房屋坐落不符",
    ),
    "labour_contract": (
        "劳动合同",
        "原件和复印件",
        1,
        "用人单位",
        "双方签字盖章的劳动合同",
        "合同期限已届满未续签",
    ),
    "unemployment_proof": (
        "解除或终止劳动关系证明",
        "原件",
        1,
        "原用人单位",
        "写明解除原因和日期并盖章",
        "只有口头通知或微信聊天记录",
    ),
    "disability_cert": (
        "残疾人证",
        "原件",
        1,
        "残疾人联合会",
        "第二代残疾人证",
        "残疾人证已过有效期",
    ),
    "veteran_cert": (
        "退役证件",
        "原件",
        1,
        "退役军人事务部门",
        "退出现役证或退伍证",
        "身份信息与户籍信息不一致",
    ),
    "vehicle_license": (
        "机动车行驶证",
        "原件",
        1,
        "公安交管部门",
        "在有效期内的行驶证",
        "车辆已过检验有效期",
    ),
    "driving_license": (
        "机动车驾驶证",
        "原件",
        1,
        "公安交管部门",
        "在有效期内的驾驶证",
        "驾驶证已被注销或吊销",
    ),
    "health_cert": (
        "身体条件证明",
        "原件",
        1,
        "县级以上或部队团级以上医疗机构",
        "六个月内的体检证明",
        "超过六个月或医院无资质",
    ),
    "school_proof": ("学籍或录取证明", "原件", 1, "学校", "加盖学校公章", "仅有班主任签名"),
    "fund_account": (
        "住房公积金账户信息",
        "电子证照",
        0,
        "公积金中心系统核验",
        "系统自动核验，无需提交",
        "—",
    ),
    "loan_contract": (
        "借款合同",
        "原件",
        1,
        "贷款银行",
        "银行盖章的借款合同",
        "合同借款人与申请人不一致",
    ),
    "death_proof": (
        "死亡医学证明或死亡证明",
        "原件",
        1,
        "医疗机构或公安机关",
        "有编号和公章的死亡医学证明",
        "仅有殡仪馆火化证明",
    ),
    "relation_proof": (
        "亲属关系证明",
        "原件",
        1,
        "户籍所在地派出所或公证处",
        "写明双方关系",
        "关系证明未盖章",
    ),
    "safety_plan": (
        "安全管理制度和应急预案",
        "原件",
        1,
        "申请单位",
        "有单位盖章和负责人签名",
        "直接套用其他单位的名称",
    ),
    "staff_list": (
        "从业人员名单及资格证明",
        "原件和复印件",
        1,
        "申请单位",
        "名单与资格证书一一对应",
        "证书已过期",
    ),
    "site_plan": (
        "场所平面布局图",
        "原件",
        1,
        "申请单位",
        "标明面积、功能分区和消防通道",
        "手绘草图，无尺寸",
    ),
    "travel_doc": (
        "出入境证件",
        "原件",
        1,
        "出入境管理部门",
        "在有效期内的护照或通行证",
        "证件已过期或已申报遗失",
    ),
    "invite": (
        "赴港澳或出国事由证明",
        "原件",
        1,
        "邀请方或单位",
        "写明事由、日期和行程",
        "邀请函未签名",
    ),
}

# key: amount in fen, standard, basis
FEES: dict[str, tuple[int, str, str]] = {
    "free": (0, "不收费", "本事项不收取任何费用"),
    "idcard20": (2000, "居民身份证工本费每证20元", "《居民身份证法》第二十条；价费字〔2003〕332号"),
    "idcard_temp": (1000, "临时居民身份证工本费每证10元", "《居民身份证法》第二十条"),
    "passport": (12000, "普通护照每本120元", "发改价格〔2019〕914号"),
    "hk_permit": (6000, "往来港澳通行证（卡式）每证60元", "发改价格〔2019〕914号"),
    "endorse": (1500, "签注每次15元", "发改价格〔2019〕914号"),
    "driving10": (1000, "驾驶证工本费每证10元", "计价格〔1994〕783号"),
    "plate": (10000, "号牌工本费每副100元", "计价格〔1994〕783号；发改价格〔2017〕1186号"),
    "estate_home": (8000, "住宅类每件80元", "财税〔2016〕79号；发改价格规〔2016〕2559号"),
    "estate_other": (55000, "非住宅类每件550元", "财税〔2016〕79号；发改价格规〔2016〕2559号"),
    "estate_cert": (1000, "每增加一本证书加收工本费10元", "发改价格规〔2016〕2559号"),
}

TYPES = {
    "许可": "行政许可",
    "给付": "行政给付",
    "确认": "行政确认",
    "征收": "行政征收",
    "奖励": "行政奖励",
    "裁决": "行政裁决",
    "备案": "行政备案",
    "其他": "其他行政权力",
    "公共": "公共服务",
}

# id, name_zh, name_en, implementing body, law title, law clause, window, phone suffix,
# default materials, themes, life event hints, item lines
DEPARTMENTS: list[dict] = [
    {
        "id": "gongan",
        "zh": "公安",
        "en": "Public Security",
        "body": "示范区公安分局",
        "law": (
            "《中华人民共和国居民身份证法》",
            "第八条 居民身份证由居民常住户口所在地的县级人民政府公安机关签发。",
        ),
        "window": "一楼A区1—6号窗口（户政）",
        "phone": "01",
        "base": "idcard,form",
        "themes": "证件办理",
        "items": """
居民身份证首次申领|First application for a resident ID card|确认|60|20|free|居民身份证|hukou,photo_digital|第一次办身份证 办身份证 sfz 小孩办身份证|2600
居民身份证换领|Renewal of an expiring resident ID card|确认|60|20|idcard20|居民身份证|photo_digital|身份证到期 身份证过期 换身份证|8800
居民身份证补领|Replacement of a lost resident ID card|确认|60|20|idcard20|居民身份证|hukou,photo_digital|身份证丢了 身份证掉了 补办身份证 身份证丢失|9600
临时居民身份证申领|Temporary resident ID card|确认|3|1|idcard_temp|临时居民身份证|hukou,photo|临时身份证 坐飞机没带身份证|5100
居民身份证异地受理|ID card issued outside the place of household registration|确认|60|30|idcard20|居民身份证|photo_digital|外地办身份证 异地换证|3900
出生登记|Household registration of a newborn|确认|30|1|free|居民户口簿（新增页）|birth_cert,marriage_cert,hukou|新生儿上户口 孩子上户口 宝宝落户 报户口|4200
死亡注销户口|Cancelling the registration of a deceased person|确认|30|1|free|户口注销证明|death_proof,hukou|人去世了销户 注销户口|2100
户口迁入（投靠亲属）|Moving a household registration to join relatives|许可|30|10|free|准予迁入证明|hukou,relation_proof,household_proof|投靠落户 迁户口 户口迁移|1300
户口迁出|Moving a household registration out|确认|30|1|free|户口迁移证明|hukou|迁出户口 户口迁走|1700
户口簿补领|Replacement of a lost household register|确认|30|5|free|居民户口簿|hukou|户口本丢了 补户口本|1200
姓名变更登记|Change of name in the household register|确认|30|10|free|变更后的户口簿|hukou,relation_proof|改名字 改名 更改姓名|600
居住登记|Residence registration for newcomers|确认|10|1|free|居住登记凭证|household_proof|暂住登记 外来人口登记|3300
居住证申领|Application for a residence permit|确认|15|7|free|居住证|household_proof,work_proof,photo_digital|办居住证 居住证怎么办 jzz|7400
居住证签注|Annual endorsement of a residence permit|确认|10|1|free|签注后的居住证|household_proof,work_proof|居住证续签 居住证年审|5200
无犯罪记录证明开具|Certificate of no criminal record|确认|15|3|free|无犯罪记录证明|hukou|开无犯罪证明 良民证 无犯罪记录|6100
户籍证明开具|Certificate of household registration details|确认|10|1|free|户籍证明|hukou|户籍证明 开户籍证明|2500
""",
    },
    {
        "id": "churujing",
        "zh": "出入境",
        "en": "Exit and Entry Administration",
        "body": "示范区公安分局出入境管理大队",
        "law": (
            "《中华人民共和国护照法》",
            "第五条 公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国的，由本人向户籍所在地的县级以上地方人民政府公安机关出入境管理机构申请普通护照。",
        ),
        "window": "二楼C区1—4号窗口（出入境）",
        "phone": "02",
        "base": "idcard,photo_digital,form",
        "themes": "出入境",
        "items": """
普通护照首次申领|First application for an ordinary passport|许可|15|7|passport|普通护照|hukou|办护照 第一次办护照 出国护照 hz|6800
普通护照换发|Renewal of an ordinary passport|许可|15|7|passport|普通护照|travel_doc|护照过期 护照到期换发|3100
普通护照补发|Replacement of a lost ordinary passport|许可|15|7|passport|普通护照|hukou|护照丢了 护照遗失补办|900
往来港澳通行证首次申领|First Hong Kong and Macao travel permit|许可|15|7|hk_permit|往来港澳通行证|hukou|港澳通行证 去香港 去澳门 gaotongxingzheng|5300
往来港澳通行证换发|Renewal of the Hong Kong and Macao travel permit|许可|15|7|hk_permit|往来港澳通行证|travel_doc|港澳通行证过期 换港澳证|2700
往来港澳团队旅游签注|Hong Kong and Macao group tourism endorsement|许可|7|1|endorse|签注|travel_doc|港澳签注 去香港旅游签注 续签注|4600
往来台湾通行证申领|Mainland travel permit for Taiwan|许可|15|10|hk_permit|往来台湾通行证|hukou|台湾通行证 去台湾|700
出入境记录查询|Query of one's entry and exit records|公共|5|1|free|出入境记录查询结果|travel_doc|出入境记录 出国记录证明|1100
外国人居留许可申请|Residence permit for a foreign national|许可|15|10|free|外国人居留许可|work_proof,lease|外国人居留 外籍人员居留证|300
出入境证件遗失报失|Reporting a lost exit and entry document|确认|1|0|free|证件报失回执|hukou|护照遗失报失 通行证丢了|500
""",
    },
    {
        "id": "jiaoguan",
        "zh": "公安交管",
        "en": "Traffic Management",
        "body": "示范区公安交通管理支队车辆管理所",
        "law": (
            "《中华人民共和国道路交通安全法》",
            "第十九条 驾驶机动车，应当依法取得机动车驾驶证。",
        ),
        "window": "一楼B区1—5号窗口（交管）",
        "phone": "03",
        "base": "idcard,form",
        "themes": "交通出行",
        "items": """
机动车驾驶证期满换证|Renewal of a driving licence at expiry|许可|1|0|driving10|机动车驾驶证|driving_license,health_cert,photo|驾照到期 驾驶证换证 换驾照 jsz|8100
机动车驾驶证遗失补证|Replacement of a lost driving licence|许可|1|0|driving10|机动车驾驶证|photo|驾照丢了 补办驾照 驾驶证丢失|3700
机动车驾驶证损毁换证|Replacement of a damaged driving licence|许可|1|0|driving10|机动车驾驶证|driving_license,photo|驾照坏了 驾驶证损坏|800
提交驾驶人身体条件证明|Submitting the driver's medical certificate|确认|1|0|free|审验记录|driving_license,health_cert|驾驶证体检 交体检表|4400
机动车注册登记|First registration of a motor vehicle|许可|2|1|plate|机动车登记证书、号牌、行驶证|vehicle_license,tax_proof|新车上牌 上牌照 新车登记|5600
机动车转移登记|Transfer registration of a used vehicle|许可|1|1|plate|机动车登记证书（转移）|vehicle_license,sale_contract|二手车过户 车辆过户|3500
机动车检验合格标志核发|Inspection sticker for a motor vehicle|确认|1|0|free|检验合格标志|vehicle_license|车辆年检 年审 六年免检|9900
补领机动车行驶证|Replacement of a lost vehicle licence|许可|1|0|driving10|机动车行驶证|vehicle_license|行驶证丢了 补行驶证|1100
交通违法处理|Settling a traffic violation|其他|15|0|free|处罚决定书|driving_license,vehicle_license|处理违章 交罚款 违章查询|12000
驾驶证转入（外省驾驶证）|Transferring a driving licence from another province|许可|1|0|driving10|机动车驾驶证|driving_license,photo|外地驾照转入 驾驶证迁入|600
""",
    },
    {
        "id": "renshe",
        "zh": "人社",
        "en": "Human Resources and Social Security",
        "body": "示范区人力资源和社会保障局",
        "law": (
            "《中华人民共和国社会保险法》",
            "第五十八条 国家建立全国统一的个人社会保障号码。个人社会保障号码为公民身份号码。",
        ),
        "window": "二楼A区1—10号窗口（人社）",
        "phone": "04",
        "base": "idcard",
        "themes": "社会保障",
        "items": """
社会保障卡申领|Application for a social security card|公共|20|10|free|社会保障卡|photo_digital,form|办社保卡 申请社保卡 sbk shebaoka|7200
社会保障卡挂失|Reporting a lost social security card|公共|1|0|free|挂失回执|form|社保卡丢了 社保卡掉了 社保卡挂失|6300
社会保障卡补领换领|Replacement of a social security card|公共|20|7|free|社会保障卡|photo_digital,form|补办社保卡 社保卡坏了 社保卡换卡|6900
社会保障卡密码重置|Resetting the PIN of a social security card|公共|1|0|free|密码重置回执|bank_card|社保卡密码忘了 社保卡密码锁了|4700
灵活就业人员参保登记|Social insurance enrolment as a flexibly employed person|确认|5|1|free|参保登记回执|form|个人交社保 自由职业交社保 灵活就业|5800
企业职工基本养老保险关系转移|Transferring basic pension insurance between regions|公共|45|15|free|参保缴费凭证|form|社保转移 养老保险转移 换城市社保|3400
基本养老保险待遇申领（退休）|Claiming a basic pension at retirement|给付|30|15|free|养老金核定表|hukou,bank_card,form|办退休 领养老金 退休手续|3900
个人权益记录查询打印|Printing one's social insurance record|公共|1|0|free|参保证明|form|社保缴费证明 打印社保记录 参保证明|15000
失业保险金申领|Claiming unemployment insurance benefits|给付|20|5|free|失业保险金核定|unemployment_proof,bank_card|失业了 领失业金 失业保险金|4100
就业失业登记|Registration of employment or unemployment|确认|5|1|free|就业创业证|photo|失业登记 就业登记 就业创业证|3600
职业技能提升补贴申领|Subsidy for vocational skill certificates|给付|30|15|free|补贴发放通知|bank_card,work_proof|技能补贴 考证补贴|2300
工伤认定申请|Application for recognition of a work injury|确认|60|30|free|工伤认定决定书|labour_contract,diagnosis,form|上班受伤 工伤认定 工伤|900
劳动人事争议仲裁申请|Application for labour dispute arbitration|裁决|45|45|free|仲裁裁决书|labour_contract,form|欠工资 劳动仲裁 拖欠工资|1400
创业担保贷款申请|Application for a guaranteed start-up loan|给付|20|15|free|贷款审核意见|business_license,form|创业贷款 创业担保贷款|700
城乡居民基本养老保险参保登记|Enrolment in urban and rural residents' pension insurance|确认|5|1|free|参保登记回执|hukou,form|居民养老保险 农村养老保险|2100
""",
    },
    {
        "id": "yibao",
        "zh": "医保",
        "en": "Healthcare Security",
        "body": "示范区医疗保障局",
        "law": (
            "《中华人民共和国社会保险法》",
            "第二十三条 职工应当参加职工基本医疗保险，由用人单位和职工按照国家规定共同缴纳基本医疗保险费。",
        ),
        "window": "二楼B区1—6号窗口（医保）",
        "phone": "05",
        "base": "idcard",
        "themes": "医疗保障",
        "items": """
城乡居民基本医疗保险参保登记|Enrolment in residents' basic medical insurance|公共|5|1|free|参保登记回执|hukou,form|交医保 居民医保 农村合作医疗 新农合|8200
异地就医备案|Registering medical treatment outside the insured region|公共|5|0|free|备案回执|form|异地就医 外地看病报销 异地医保备案 ydjy|9700
零星医疗费用报销|Reimbursement of medical costs paid in full|给付|30|20|free|报销结算单|medical_bills,diagnosis,bank_card|看病报销 医药费报销 垫付报销|6100
门诊慢特病待遇认定|Recognition of chronic and special outpatient diseases|确认|30|15|free|认定结果通知|diagnosis,form|慢性病 门特 慢病卡|4300
医保关系转移接续|Transferring medical insurance between regions|公共|15|10|free|参保凭证|form|医保转移 医保转出|2600
生育保险待遇申领|Claiming maternity insurance benefits|给付|30|10|free|生育津贴核定|birth_cert,medical_bills,bank_card|生孩子报销 生育津贴 生育险|3800
医保电子凭证激活指导|Help with activating the electronic medical insurance card|公共|1|0|free|激活完成|form|医保码 电子医保卡|2000
参保缴费凭证打印|Printing proof of medical insurance contributions|公共|1|0|free|缴费凭证|form|医保缴费证明 医保证明|5200
医疗救助申请|Application for medical assistance|给付|30|20|free|救助审批表|medical_bills,diagnosis,hukou|医疗救助 大病救助 看不起病|800
新生儿参保登记|Medical insurance enrolment of a newborn|公共|5|1|free|参保登记回执|birth_cert,hukou|宝宝医保 新生儿医保 孩子交医保|2900
""",
    },
    {
        "id": "minzheng",
        "zh": "民政",
        "en": "Civil Affairs",
        "body": "示范区民政局",
        "law": (
            "《婚姻登记条例》",
            "第四条 内地居民结婚，男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关办理结婚登记。",
        ),
        "window": "三楼A区婚姻登记处",
        "phone": "06",
        "base": "idcard,hukou",
        "themes": "婚姻家庭",
        "items": """
内地居民结婚登记|Marriage registration|确认|1|0|free|结婚证|photo,form|结婚 领证 领结婚证 登记结婚|6500
内地居民离婚登记|Divorce registration by agreement|确认|30|30|free|离婚证|marriage_cert,photo,form|离婚 协议离婚 离婚冷静期|2100
补领婚姻登记证|Replacement of a marriage or divorce certificate|确认|1|0|free|结婚证或离婚证|photo,form|结婚证丢了 补结婚证 补办离婚证|1300
婚姻登记档案查询|Query of marriage registration records|公共|5|1|free|婚姻登记记录证明|form|婚姻状况证明 查婚姻记录|1800
最低生活保障申请|Application for minimum living allowance|给付|30|20|free|低保证|bank_card,form|低保 申请低保 生活困难补助|1600
特困人员救助供养申请|Support for people in extreme poverty|给付|30|20|free|特困供养证|form|五保户 特困供养|400
临时救助申请|Application for temporary assistance|给付|15|5|free|临时救助审批表|bank_card,form|急难救助 临时救助|1100
高龄津贴申领|Old-age allowance for people aged 80 and over|给付|30|15|free|津贴发放通知|bank_card,form|高龄补贴 老人补贴 80岁补贴|3300
居家养老服务补贴申请|Home care subsidy for older people|给付|30|15|free|补贴审批表|bank_card,form|养老服务补贴 居家养老|1200
社会团体成立登记|Registration of a social organisation|许可|60|20|free|社会团体法人登记证书|articles,lease,form|成立协会 成立社团|100
殡葬补贴申领|Funeral subsidy|给付|20|10|free|补贴发放通知|death_proof,bank_card|丧葬补贴 火化补贴 老人去世补贴|900
收养登记|Adoption registration|确认|30|30|free|收养登记证|marriage_cert,photo,form|收养孩子 领养|50
""",
    },
    {
        "id": "shichang",
        "zh": "市场监管",
        "en": "Market Regulation",
        "body": "示范区市场监督管理局",
        "law": (
            "《中华人民共和国市场主体登记管理条例》",
            "第三条 市场主体应当依照本条例办理登记。未经登记，不得以市场主体名义从事经营活动。",
        ),
        "window": "三楼B区1—12号窗口（企业开办）",
        "phone": "07",
        "base": "idcard,form",
        "themes": "企业开办",
        "items": """
有限责任公司设立登记|Registering a new limited liability company|许可|3|1|free|营业执照|articles,lease,legal_rep|开公司 注册公司 成立公司 办营业执照 yyzz|7800
个体工商户设立登记|Registering a sole proprietorship|许可|3|1|free|营业执照（个体工商户）|lease|开店 个体户 开个小店 个体营业执照|9100
个人独资企业设立登记|Registering a sole-investor enterprise|许可|3|1|free|营业执照|lease|独资企业 个人企业|900
农民专业合作社设立登记|Registering a farmers' cooperative|许可|3|1|free|营业执照|articles,lease|合作社 农民合作社|300
公司变更登记|Change of company registration details|许可|3|1|free|营业执照（变更）|business_license,articles|公司改名 变更法人 变更地址 公司变更|5600
公司注销登记|Deregistering a company|许可|3|1|free|准予注销登记通知书|business_license|注销公司 公司关了 关闭公司|3200
个体工商户注销登记|Deregistering a sole proprietorship|许可|3|1|free|准予注销登记通知书|business_license|个体户注销 不开店了|2800
食品经营许可|Food business licence|许可|20|5|free|食品经营许可证|business_license,site_plan,safety_plan|开饭店 餐饮许可 食品许可证 卖吃的|4700
小餐饮登记|Registration of a small catering business|备案|10|3|free|小餐饮登记证|business_license,site_plan|小吃店 小餐饮|1900
药品零售经营许可|Retail pharmacy licence|许可|30|15|free|药品经营许可证|business_license,staff_list,site_plan|开药店 药品零售|400
营业执照遗失补领|Replacement of a lost business licence|许可|3|1|free|营业执照|legal_rep|营业执照丢了 补办营业执照|1500
企业名称自主申报|Self-declaring an enterprise name|确认|1|0|free|名称申报结果|legal_rep|公司起名 企业名称核准|3000
动产抵押登记|Registration of a chattel mortgage|确认|1|0|free|动产抵押登记书|business_license,loan_contract|设备抵押 动产抵押|200
消费者投诉举报受理|Consumer complaints and reports|其他|7|7|free|受理告知书|form|投诉商家 消费投诉 12315|6400
""",
    },
    {
        "id": "shuiwu",
        "zh": "税务",
        "en": "Taxation",
        "body": "国家税务总局示范区税务局",
        "law": (
            "《中华人民共和国税收征收管理法》",
            "第十五条 从事生产、经营的纳税人自领取营业执照之日起三十日内，持有关证件，向税务机关申报办理税务登记。",
        ),
        "window": "三楼C区1—10号窗口（税务）",
        "phone": "08",
        "base": "idcard",
        "themes": "税费缴纳",
        "items": """
个人所得税综合所得汇算清缴|Annual reconciliation of individual income tax|征收|0|0|free|申报回执|form|个税汇算 退税 个人所得税申报 gs|13000
纳税人信息确认|Confirming a new taxpayer's information|确认|1|0|free|税务信息确认回执|business_license,legal_rep|税务登记 新办企业税务|4800
发票领用|Obtaining invoices|确认|1|0|free|发票领用回执|business_license|领发票 申领发票 开票|6600
代开增值税普通发票|Invoice issued on behalf of a taxpayer|确认|1|0|free|增值税普通发票|sale_contract,form|代开发票 个人开发票|3100
个人房屋转让契税申报|Deed tax on buying a home|征收|0|0|free|契税完税凭证|sale_contract,property_cert|交契税 买房交税 契税|5200
车辆购置税申报|Vehicle purchase tax|征收|0|0|free|车辆购置税完税证明|form|买车交税 购置税|4100
开具个人所得税纳税记录|Printing one's individual income tax record|公共|1|0|free|纳税记录|form|个税证明 纳税证明 完税证明|7100
城乡居民社会保险费缴纳|Paying residents' social insurance contributions|征收|0|0|free|缴费凭证|hukou|交居民医保费 交社保费|6000
税务注销|Tax deregistration|确认|20|3|free|清税证明|business_license|税务注销 清税证明|2200
""",
    },
    {
        "id": "budongchan",
        "zh": "不动产登记",
        "en": "Real Estate Registration",
        "body": "示范区不动产登记中心",
        "law": (
            "《不动产登记暂行条例》",
            "第二十条 不动产登记机构应当自受理登记申请之日起30个工作日内办结不动产登记手续，法律另有规定的除外。",
        ),
        "window": "四楼A区1—12号窗口（不动产）",
        "phone": "09",
        "base": "idcard,form",
        "themes": "房产登记",
        "items": """
国有建设用地使用权及房屋所有权转移登记（二手房买卖）|Transfer registration for a second-hand home sale|确认|30|5|estate_home|不动产权证书|property_cert,sale_contract,tax_proof|二手房过户 买房过户 房产过户 房产证过户|7400
国有建设用地使用权及房屋所有权首次登记|First registration of land use and building ownership|确认|30|10|estate_other|不动产权证书|business_license,site_plan|新房首次登记 大产证|300
商品房转移登记（新建商品房）|Registration of a newly built commercial home|确认|30|5|estate_home|不动产权证书|sale_contract,tax_proof|新房办证 新房产证 办房产证 fcz|6200
不动产抵押权首次登记|Registration of a mortgage on real estate|确认|30|3|estate_home|不动产登记证明|property_cert,loan_contract|房屋抵押 按揭登记 抵押登记|5100
不动产抵押权注销登记|Cancelling a mortgage registration|确认|30|1|free|注销登记证明|property_cert|还完房贷 解押 抵押注销|4600
不动产继承转移登记|Transfer registration of inherited real estate|确认|30|10|estate_home|不动产权证书|property_cert,death_proof,relation_proof|继承房产 房子继承|1300
不动产变更登记|Change registration of real estate details|确认|30|5|free|不动产权证书|property_cert|房产证改名 房产信息变更|900
不动产权证书遗失补证|Replacement of a lost real estate certificate|确认|30|10|estate_cert|不动产权证书|hukou|房产证丢了 补办房产证|700
不动产登记资料查询|Query of real estate registration records|公共|1|0|free|不动产登记信息查询结果|form|查房产 房产证明 名下房产查询 无房证明|8600
预告登记|Advance notice registration of a home purchase|确认|30|3|estate_home|不动产登记证明|sale_contract|预告登记 期房登记|1600
更正登记|Correction of a registration error|确认|30|10|free|不动产权证书|property_cert|房产证写错了 更正登记|200
""",
    },
    {
        "id": "gongjijin",
        "zh": "公积金",
        "en": "Housing Provident Fund",
        "body": "示范区住房公积金管理中心",
        "law": (
            "《住房公积金管理条例》",
            "第二十四条 职工有下列情形之一的，可以提取职工住房公积金账户内的存储余额。",
        ),
        "window": "四楼B区1—8号窗口（公积金）",
        "phone": "10",
        "base": "idcard,fund_account",
        "themes": "住房保障",
        "items": """
购买自住住房提取住房公积金|Withdrawing provident fund to buy a home|给付|3|1|free|提取审批结果|sale_contract,tax_proof,bank_card|买房提取公积金 取公积金 gjj|6900
租房提取住房公积金|Withdrawing provident fund to pay rent|给付|3|0|free|提取审批结果|lease,bank_card|租房提公积金 租房提取|9300
偿还住房贷款提取住房公积金|Withdrawing provident fund to repay a home loan|给付|3|1|free|提取审批结果|loan_contract,bank_card|还房贷提取 公积金还贷|7300
离职销户提取住房公积金|Closing a provident fund account on leaving|给付|3|1|free|提取审批结果|unemployment_proof,bank_card|辞职取公积金 公积金销户 离职提取|3800
退休提取住房公积金|Withdrawing provident fund at retirement|给付|3|1|free|提取审批结果|bank_card|退休提取公积金|2100
住房公积金个人住房贷款申请|Applying for a provident fund home loan|给付|15|10|free|借款合同|sale_contract,marriage_cert,work_proof|公积金贷款 公积金买房贷款|3500
住房公积金缴存证明|Certificate of provident fund contributions|公共|1|0|free|缴存证明|form|公积金证明 缴存明细|5600
灵活就业人员缴存住房公积金|Provident fund for flexibly employed people|公共|5|1|free|缴存登记回执|bank_card,form|个人交公积金 自由职业公积金|1400
住房公积金异地转移接续|Transferring provident fund between cities|公共|15|5|free|转移接续结果|form|公积金转移 换城市公积金|2400
""",
    },
    {
        "id": "weijian",
        "zh": "卫健",
        "en": "Health Commission",
        "body": "示范区卫生健康委员会",
        "law": (
            "《中华人民共和国母婴保健法》",
            "第二十三条 医疗保健机构和从事家庭接生的人员按照国务院卫生行政部门的规定，出具统一制发的新生儿出生医学证明。",
        ),
        "window": "二楼D区1—4号窗口（卫健）",
        "phone": "11",
        "base": "idcard,form",
        "themes": "生育健康",
        "items": """
出生医学证明补发|Reissue of a lost birth medical certificate|公共|20|10|free|出生医学证明|hukou,relation_proof|出生证丢了 补出生证明|900
出生医学证明首次签发|First issue of a birth medical certificate|公共|1|0|free|出生医学证明|marriage_cert|办出生证 出生证明|3100
生育登记|Registration of a birth plan|备案|1|0|free|生育登记回执|marriage_cert,hukou|生育登记 准生证 怀孕登记 生二胎登记|5400
医师执业注册|Registration of a medical practitioner|许可|20|10|free|医师执业证书|staff_list,photo|医师注册 医生执业证|600
护士执业注册|Registration of a nurse|许可|20|10|free|护士执业证书|staff_list,health_cert,photo|护士注册 护士证|700
医疗机构执业登记（诊所备案）|Registration of a clinic|备案|20|10|free|诊所备案凭证|business_license,site_plan,staff_list|开诊所 诊所备案|150
公共场所卫生许可|Hygiene licence for public places|许可|20|5|free|公共场所卫生许可证|business_license,site_plan|卫生许可证 理发店卫生许可 宾馆卫生许可|1800
健康证明（从业人员健康体检）|Health certificate for food and service workers|公共|7|3|free|健康证明|photo|办健康证 健康证|7700
独生子女父母奖励|Reward for parents of an only child|奖励|30|20|free|奖励发放通知|hukou,bank_card|独生子女费 独生子女奖励|1100
""",
    },
    {
        "id": "jiaotong",
        "zh": "交通运输",
        "en": "Transport",
        "body": "示范区交通运输局",
        "law": (
            "《中华人民共和国道路运输条例》",
            "第九条 从事客运经营的驾驶人员，应当取得相应的机动车驾驶证并经考试合格。",
        ),
        "window": "一楼C区1—4号窗口（交通）",
        "phone": "12",
        "base": "idcard,form",
        "themes": "交通出行",
        "items": """
网络预约出租汽车驾驶员证申请|Licence for ride-hailing drivers|许可|20|10|free|网络预约出租汽车驾驶员证|driving_license,photo|网约车司机证 开网约车 滴滴司机证|3300
网络预约出租汽车运输证申请|Transport licence for a ride-hailing car|许可|20|10|free|网络预约出租汽车运输证|vehicle_license|网约车运输证 车辆网约车证|2200
道路货物运输经营许可|Road freight transport licence|许可|20|10|free|道路运输经营许可证|business_license,vehicle_license,safety_plan|货运许可 拉货运营证 道路运输证|1400
道路运输从业人员从业资格证申请|Qualification certificate for road transport workers|许可|10|5|free|从业资格证|driving_license,photo|货运资格证 从业资格证|2600
道路运输证年度审验|Annual review of a road transport certificate|确认|5|1|free|审验记录|vehicle_license|运输证年审 营运证年审|3000
出租汽车驾驶员从业资格注册|Registration of a taxi driver|许可|10|5|free|从业资格证|driving_license|出租车司机注册 开出租车|900
超限运输车辆行驶公路许可|Permit for oversized vehicles on highways|许可|15|5|free|超限运输通行证|vehicle_license,safety_plan|大件运输 超限许可|300
机动车维修经营备案|Filing of a vehicle repair business|备案|5|1|free|备案回执|business_license,site_plan|修车店 汽修厂备案|800
""",
    },
    {
        "id": "jiaoyu",
        "zh": "教育",
        "en": "Education",
        "body": "示范区教育委员会",
        "law": (
            "《中华人民共和国义务教育法》",
            "第十二条 适龄儿童、少年免试入学。地方各级人民政府应当保障适龄儿童、少年在户籍所在地学校就近入学。",
        ),
        "window": "二楼E区1—3号窗口（教育）",
        "phone": "13",
        "base": "idcard,hukou",
        "themes": "教育服务",
        "items": """
义务教育阶段入学登记|Registration for compulsory school enrolment|公共|30|15|free|入学通知|household_proof,birth_cert|上小学 小孩上学 入学报名 一年级报名|9600
随迁子女就读证明材料审核|Review of documents for migrant children's schooling|确认|20|10|free|审核意见|household_proof,work_proof|外地孩子上学 随迁子女入学 借读|5100
教师资格认定|Recognition of teacher qualifications|许可|60|30|free|教师资格证书|health_cert,photo,school_proof|教师资格证 认定教师证|3200
学籍转学|School transfer|公共|15|5|free|转学证明|school_proof|转学 孩子转学|2700
学生资助申请|Financial aid for students|给付|30|20|free|资助通知|school_proof,bank_card|助学金 学生补助 贫困生资助|1900
民办培训机构设立审批|Licence for a private training school|许可|60|30|free|办学许可证|articles,lease,staff_list|开培训班 办培训学校|100
学历证明补办|Replacement certificate of academic qualifications|公共|20|10|free|学历证明书|photo,form|毕业证丢了 补毕业证明|1300
""",
    },
    {
        "id": "zhujian",
        "zh": "住建",
        "en": "Housing and Construction",
        "body": "示范区住房和城乡建设委员会",
        "law": (
            "《城市商品房预售管理办法》",
            "第六条 商品房预售实行许可制度。开发企业进行商品房预售，应当向房地产管理部门申请预售许可，取得《商品房预售许可证》。",
        ),
        "window": "四楼C区1—6号窗口（住建）",
        "phone": "14",
        "base": "idcard,form",
        "themes": "住房保障",
        "items": """
公共租赁住房申请|Application for public rental housing|给付|60|30|free|配租资格确认通知|hukou,work_proof|申请公租房 公租房 廉租房|3500
保障性租赁住房申请|Application for affordable rental housing|给付|30|15|free|配租通知|work_proof|保租房 人才公寓|2100
住房租赁合同网签备案|Filing of a housing lease contract|备案|3|1|free|租赁登记备案证明|lease,property_cert|租房备案 租赁合同备案|6000
商品房买卖合同网签备案|Filing of a home sale contract|备案|3|1|free|网签备案证明|sale_contract|网签 买房合同备案|4400
建筑工程施工许可|Construction permit|许可|7|3|free|建筑工程施工许可证|business_license,site_plan,safety_plan|施工许可证 开工许可|300
建设工程竣工验收备案|Completion acceptance filing of a building project|备案|15|5|free|竣工验收备案证明|business_license,safety_plan|竣工备案|200
住宅专项维修资金使用申请|Using housing maintenance funds|给付|20|10|free|使用审批意见|property_cert|维修基金 电梯维修资金|700
既有住宅加装电梯申请|Adding a lift to an existing residential building|许可|20|15|free|加装电梯审批意见|property_cert,site_plan|老楼加电梯 加装电梯|500
房屋安全鉴定申请|Building safety assessment|公共|30|15|free|房屋安全鉴定报告|property_cert|房子裂缝 危房鉴定|300
""",
    },
    {
        "id": "canlian",
        "zh": "残联",
        "en": "Disabled Persons' Federation",
        "body": "示范区残疾人联合会",
        "law": (
            "《中华人民共和国残疾人保障法》",
            "第十八条 国家和社会应当采取康复措施，帮助残疾人恢复或者补偿功能。",
        ),
        "window": "一楼D区1—2号窗口（残联，无障碍窗口）",
        "phone": "15",
        "base": "idcard,hukou",
        "themes": "助残服务",
        "items": """
第二代残疾人证新办|First issue of a disability certificate|确认|30|15|free|残疾人证|photo,diagnosis,form|办残疾证 残疾人证申请 cjz|2600
残疾人证换领|Renewal of a disability certificate|确认|30|10|free|残疾人证|disability_cert,photo|残疾证到期 换残疾证|1800
残疾人证迁移|Moving a disability certificate to a new district|确认|30|10|free|残疾人证|disability_cert|残疾证迁移 残疾证转入|400
残疾人证挂失补办|Replacement of a lost disability certificate|确认|30|10|free|残疾人证|photo|残疾证丢了 补残疾证|500
困难残疾人生活补贴申请|Living allowance for disabled people on low income|给付|30|15|free|补贴审批表|disability_cert,bank_card|残疾人生活补贴 两项补贴|2200
重度残疾人护理补贴申请|Care allowance for severely disabled people|给付|30|15|free|补贴审批表|disability_cert,bank_card|护理补贴 重残补贴|1900
残疾人辅助器具适配申请|Assistive devices for disabled people|公共|30|20|free|适配通知|disability_cert,diagnosis|轮椅申请 助听器 辅具|900
残疾儿童康复救助申请|Rehabilitation aid for disabled children|给付|30|15|free|救助审批表|birth_cert,diagnosis|孩子康复补助 自闭症救助|600
""",
    },
    {
        "id": "tuiyi",
        "zh": "退役军人",
        "en": "Veterans Affairs",
        "body": "示范区退役军人事务局",
        "law": (
            "《中华人民共和国退役军人保障法》",
            "第三十条 国家建立以扶持就业为主，自主就业、安排工作、退休、供养以及继续完成学业等多种方式相结合的退役士兵安置制度。",
        ),
        "window": "一楼D区3—4号窗口（退役军人）",
        "phone": "16",
        "base": "idcard,veteran_cert",
        "themes": "退役军人服务",
        "items": """
退役士兵自主就业一次性经济补助金发放|One-off grant for self-employed discharged soldiers|给付|30|15|free|补助金发放通知|bank_card|退伍补助金 退役金|600
退役军人优待证申领|Veteran preferential treatment card|公共|30|15|free|退役军人优待证|photo|优待证 退伍军人优待证|2400
伤残等级评定|Assessment of disability grade for veterans|确认|60|45|free|伤残证|diagnosis,photo|伤残评定 残疾军人证|200
在乡复员军人定期生活补助|Regular living allowance for demobilised veterans|给付|30|15|free|补助发放通知|bank_card|复员军人补助 老兵补助|300
退役士兵待安排工作期间生活费|Living costs while waiting for a job placement|给付|30|15|free|生活费发放通知|bank_card|待安置生活费|100
烈士遗属抚恤优待|Pensions for families of martyrs|给付|30|15|free|抚恤优待证明|relation_proof,bank_card|烈士家属 抚恤金|100
悬挂光荣牌|Honour plaque for military families|公共|30|10|free|光荣牌|hukou|光荣牌 军属光荣牌|700
退役军人档案接收|Receiving a veteran's personnel file|公共|30|10|free|档案接收回执|form|退伍档案 档案接收|400
""",
    },
    {
        "id": "water",
        "zh": "水务",
        "en": "Water Affairs",
        "body": "示范区水务局",
        "law": (
            "《城镇排水与污水处理条例》",
            "第二十一条 从事工业、建筑、餐饮、医疗等活动的企业事业单位、个体工商户向城镇排水设施排放污水的，应当向城镇排水主管部门申请领取污水排入排水管网许可证。",
        ),
        "window": "四楼D区1—2号窗口（水务）",
        "phone": "17",
        "base": "idcard,form",
        "themes": "水电气热",
        "items": """
城镇污水排入排水管网许可|Licence to discharge sewage into the municipal sewer|许可|20|5|free|排水许可证|business_license,site_plan|排水许可证 餐饮排水 排污许可|700
取水许可|Water abstraction licence|许可|45|20|free|取水许可证|business_license,site_plan|打井取水 取水证|100
居民用水报装|New household water connection|公共|10|5|free|供水合同|property_cert|装水表 新房通水 用水报装|1800
用水户名过户|Transferring a water account to a new owner|公共|5|1|free|过户回执|property_cert|水费过户 水表过户|1500
""",
    },
    {
        "id": "wenlv",
        "zh": "文旅",
        "en": "Culture and Tourism",
        "body": "示范区文化和旅游局",
        "law": (
            "《娱乐场所管理条例》",
            "第九条 娱乐场所申请从事娱乐场所经营活动，应当向所在地县级人民政府文化主管部门提出申请。",
        ),
        "window": "三楼D区1—2号窗口（文旅）",
        "phone": "18",
        "base": "idcard,form",
        "themes": "文化旅游",
        "items": """
娱乐场所经营许可|Entertainment venue licence|许可|20|10|free|娱乐经营许可证|business_license,site_plan,safety_plan|开KTV 歌舞厅许可 娱乐许可证|200
营业性演出审批|Approval of a commercial performance|许可|3|2|free|演出批准文件|business_license,invite|演唱会审批 演出审批|300
旅行社设立许可|Travel agency licence|许可|20|10|free|旅行社业务经营许可证|business_license,staff_list|开旅行社 旅行社许可|100
互联网上网服务营业场所许可|Licence for an internet café|许可|20|10|free|网络文化经营许可证|business_license,site_plan,safety_plan|开网吧 网吧许可证|100
导游证申领|Tour guide certificate|许可|10|5|free|导游证|photo,staff_list|导游证 考导游|400
""",
    },
]

COMMON_FAQ: list[tuple[str, str]] = [
    (
        "可以请别人代我办理吗？",
        "除必须本人到场采集照片、指纹或签名的事项外，可以委托他人办理，代理人需携带授权委托书和本人身份证原件。",
    ),
    (
        "材料不齐可以先受理吗？",
        "主要申请材料齐全、次要材料暂缺的，可申请容缺受理，签署承诺书后在规定期限内补齐。",
    ),
]

DEPARTMENT_FAQ: dict[str, tuple[str, str]] = {
    "gongan": (
        "身份证办好后怎么领取？",
        "可到受理窗口领取，也可在申请时选择邮政快递送达，费用由寄递企业收取。",
    ),
    "churujing": (
        "证件多久能办好？",
        "一般在受理后7个工作日内制证完成，可选择快递送达或到原窗口领取。",
    ),
    "jiaoguan": (
        "外地人能在本地换驾照吗？",
        "可以，驾驶证期满换证、补证已实现全国通办，持身份证到任一车管所办理。",
    ),
    "renshe": (
        "社保卡挂失后多久能补好？",
        "临时挂失当场生效；到合作银行网点补卡的一般即时制卡，集中制卡的约10个工作日。",
    ),
    "yibao": (
        "异地就医备案后在外地看病怎么结算？",
        "备案成功后，在已开通直接结算的定点医疗机构持医保码或社保卡直接结算。",
    ),
    "minzheng": (
        "结婚登记需要户口本原件吗？",
        "内地居民办理结婚登记已实行全国通办试点，持身份证即可，户口簿按当地规定提交。",
    ),
    "shichang": (
        "开公司需要多长时间？",
        "材料齐全的，营业执照、公章刻制、发票申领、社保登记等可在一个工作日内一次办结。",
    ),
    "shuiwu": (
        "个税汇算需要到大厅吗？",
        "大多数人可以在个人所得税App上自行办理，大厅自助终端和窗口也可以协助办理。",
    ),
    "budongchan": (
        "二手房过户买卖双方都要到场吗？",
        "买卖双方均需到场或由受托人持公证委托书办理，交易、缴税、登记在同一窗口一次办结。",
    ),
    "gongjijin": ("租房提取公积金多久到账？", "审核通过后一般在1个工作日内转入本人银行账户。"),
    "weijian": ("出生医学证明丢了怎么办？", "由原签发机构核实后补发，补发的证明上注明“补发”字样。"),
    "jiaotong": (
        "网约车驾驶员证需要考试吗？",
        "需要参加全国公共科目和区域科目考试，合格后申请发证。",
    ),
    "jiaoyu": (
        "入学登记需要现场审核吗？",
        "材料可在网上提交，信息核验不通过的需在规定时间内到现场审核。",
    ),
    "zhujian": (
        "公租房申请后多久能配租？",
        "资格审核通过后进入轮候，按轮候顺序组织配租，轮候期间可查询排位。",
    ),
    "canlian": ("评残需要去哪里？", "由区残联指定的评定医院进行残疾评定，评定结果由残联审核发证。"),
    "tuiyi": (
        "优待证可以享受哪些优待？",
        "凭证可享受公共交通、景区游览、文化场所等方面的优先优待服务，具体以当地公布清单为准。",
    ),
    "water": ("装水表需要多久？", "资料齐全的，现场勘察后5个工作日内完成接水。"),
    "wenlv": ("演出审批可以网上办吗？", "可以，在全国文化市场技术监管与服务平台在线申报。"),
}
